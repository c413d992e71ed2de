import { FormatError, readExercise } from "@languagecloud/domain";
import { describe, expect, it } from "vitest";
import { readImport } from "./imports.read.ts";

const gift = (n: number) =>
  Array.from({ length: n }, (_, i) => `::Q${i + 1}:: What comes after ${i}? {=${i + 1} ~${i + 2} ~${i + 3}}\n`).join(
    "\n",
  );

/** Whether a setImmediate callback ran before the read finished: never when the read blocks the thread. */
async function loopRanDuring(read: () => Promise<unknown>): Promise<boolean> {
  let ran = false;
  setImmediate(() => {
    ran = true;
  });
  await read();
  return ran;
}

describe("readImport", () => {
  it("reads a large file in a worker thread, to the same exercise, while this thread goes on", async () => {
    const text = gift(3_000);
    expect(text.length).toBeGreaterThan(100_000);
    let offThread: unknown;
    expect(
      await loopRanDuring(async () => (offThread = await readImport(text, "gift", { title: "Big" }, 100_000))),
    ).toBe(true);
    expect(offThread).toEqual(readExercise(text, "gift", { title: "Big" }));
  });

  it("reads a small file in place", async () => {
    const text = gift(3);
    expect(await loopRanDuring(() => readImport(text, "gift", {}))).toBe(false);
    expect(await readImport(text, "gift", {})).toEqual(readExercise(text, "gift", {}));
  });

  it("reports the same line-numbered errors from the worker as in place", async () => {
    const text = `${gift(2)}\n::Bad:: Broken {=a ~b\n`;
    const inPlace = (() => {
      try {
        readExercise(text, "gift", {});
      } catch (err) {
        return err as FormatError;
      }
    })();
    expect(inPlace).toBeInstanceOf(FormatError);
    const fromWorker = await readImport(text, "gift", {}, 0).catch((err: unknown) => err);
    expect(fromWorker).toBeInstanceOf(FormatError);
    expect((fromWorker as FormatError).errors).toEqual(inPlace?.errors);
  });
});
