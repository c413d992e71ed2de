import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gradeCommand } from "./grade.command.ts";
import { runCommand } from "./testing.ts";

const run = (argv: string[], stdin = "") => runCommand(gradeCommand, argv, stdin);

const item = { type: "short_answer", answers: [{ text: "goes", fraction: 1, feedback: "Well done" }] };

describe("languagecloud grade", () => {
  it("grades an item file and a response from stdin", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lc-grade-"));
    await writeFile(join(dir, "item.json"), JSON.stringify(item));
    const r = await run(["--item", join(dir, "item.json"), "--response", "-"], JSON.stringify({ text: "go" }));
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ score: 0, maxScore: 1, status: "incorrect" });
    expect(result.parts[0].errors).toEqual([{ category: "word_form", expected: "goes", actual: "go" }]);
  });

  it("grades a batch in order, one result per line", async () => {
    const lines = [
      { item, response: { text: "Goes" } },
      { item: { type: "true_false", answer: true }, response: { value: false } },
      { item, response: {} },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n");
    const r = await run(["--batch", "-"], `${lines}\n\n`);
    expect(r.code).toBe(0);
    const results = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(results.map((x) => x.status)).toEqual(["correct", "incorrect", "blank"]);
    expect(results[0].feedback).toEqual(["Well done"]);
  });

  it("rejects an invalid item with a message and exit code 1", async () => {
    const r = await run(
      ["--batch", "-"],
      JSON.stringify({ item: { type: "short_answer", answers: [] }, response: { text: "x" } }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1: invalid item: answers/);
    expect(JSON.parse(r.stdout)).toMatchObject({ line: 1, error: expect.stringMatching(/^invalid item: answers/) });
  });

  it("goes on past a bad line: an error object in its place, the rest graded, exit 1 at the end", async () => {
    const lines = [
      JSON.stringify({ item, response: { text: "goes" } }),
      "{not json",
      JSON.stringify({ nothing: true }),
      JSON.stringify({ item, response: { text: "go" } }),
    ].join("\n");
    const r = await run(["--batch", "-"], lines);
    expect(r.code).toBe(1);
    const out = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    // One output line per input line, in order, so results can be pasted back beside their inputs.
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ status: "correct" });
    expect(out[1]).toEqual({ line: 2, error: expect.stringMatching(/not valid JSON/) });
    expect(out[2]).toEqual({ line: 3, error: 'expected {"item":…,"response":…}' });
    expect(out[3]).toMatchObject({ status: "incorrect" });
    expect(r.stderr).toMatch(/2 of 4 lines could not be graded/);
  });

  it("--help and -h print the usage and exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/--batch/);
    }
  });

  it("rejects bad JSON, missing files and missing arguments", async () => {
    expect((await run(["--batch", "-"], "{nope")).stderr).toMatch(/line 1: not valid JSON/);
    const missing = await run(["--item", "/nonexistent/item.json", "--response", "-"], "{}");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
    const none = await run(["--item", "-"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/required/);
    expect((await run(["--bogus"])).code).toBe(1);
  });

  it("rejects a response of the wrong shape", async () => {
    const r = await run(["--batch", "-"], JSON.stringify({ item, response: { text: 42 } }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid response/);
  });
});
