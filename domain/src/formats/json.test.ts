import { describe, expect, it } from "vitest";
import { parseExercise } from "../content/schema.ts";
import { NO_ITEMS } from "./errors.ts";
import { type FormatError, readExercise, writeJson } from "./index.ts";

const errors = (text: string) => {
  try {
    readExercise(text, "json");
  } catch (err) {
    return (err as FormatError).errors;
  }
  throw new Error("expected a FormatError");
};

describe("JSON reader and writer", () => {
  it("reads an exercise object, validated and normalized; writeJson round-trips", () => {
    const ex = readExercise('{"title":"Own","items":[{"type":"true_false","prompt":"Q","answer":true}]}', "json", {
      title: "file",
    });
    expect(ex).toEqual(parseExercise({ title: "Own", items: [{ type: "true_false", prompt: "Q", answer: true }] }));
    expect(readExercise(writeJson(ex), "json")).toEqual(ex);
  });

  it("uses the given title when the object has none", () => {
    const items = '[{"type":"true_false","prompt":"Q","answer":true}]';
    expect(readExercise(`{"items":${items}}`, "json", { title: "From file" }).title).toBe("From file");
  });

  it("refuses a file with no item, and a title that is not text", () => {
    expect(errors('{"title": "Empty"}')).toEqual([{ line: 1, column: 1, message: NO_ITEMS }]);
    expect(errors('{"title": "Empty", "items": []}')).toEqual([{ line: 1, column: 29, message: NO_ITEMS }]);
    expect(errors('{\n  "title": 1,\n  "items": [{"type": "true_false", "prompt": "Q", "answer": true}]\n}')).toEqual([
      { line: 2, column: 12, message: "title: expected text" },
    ]);
  });

  it("places schema errors on the line of the offending value", () => {
    const text =
      '{\n  "title": "t",\n  "items": [\n    {"type": "essay"},\n    {"type": "true_false",\n     "answer": "yes"}\n  ],\n  "level": "Z1"\n}';
    expect(errors(text)).toEqual([
      { line: 5, message: expect.stringContaining("true_false: answer") },
      { line: 8, column: 12, message: expect.stringContaining("level") },
    ]);
    expect(errors('{\n  "title": "t",\n  "level": "Z1"\n}')).toEqual([
      { line: 1, column: 1, message: NO_ITEMS },
      { line: 3, column: 12, message: expect.stringContaining("level") },
    ]);
  });

  it("reports syntax errors with a line and column, and non-objects", () => {
    expect(errors('{\n  "title": "t",\n  "items": [\n')[0]).toMatchObject({
      line: 4,
      message: expect.stringContaining("invalid JSON"),
    });
    expect(errors('{\n "title": "t" "x"\n}')[0]).toMatchObject({ line: 2, column: 15 });
    expect(errors("[1,2]")[0]!.message).toContain("JSON object");
  });
});
