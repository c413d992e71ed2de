/** What every reader does with input that is not a valid file: one FormatError, lines included, nothing imported. */
import { describe, expect, it } from "vitest";
import { FormatError, type FormatIssue, IMPORT_FORMATS, readExercise } from "./index.ts";

const errors = (text: string, format: (typeof IMPORT_FORMATS)[number]): FormatIssue[] => {
  try {
    readExercise(text, format);
  } catch (err) {
    expect(err).toBeInstanceOf(FormatError);
    return (err as FormatError).errors;
  }
  throw new Error(`expected a FormatError for ${format}`);
};

describe("bad input", () => {
  it.each(IMPORT_FORMATS)("an empty file is an error in %s", (format) => {
    expect(errors("", format)[0]).toMatchObject({ line: 1 });
    expect(errors("\n\n   \n", format).length).toBeGreaterThan(0);
  });

  it.each(IMPORT_FORMATS)("binary garbage is refused in %s", (format) => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256);
    const text = new TextDecoder().decode(bytes);
    expect(errors(text, format)[0]!.message).toContain("not a UTF-8 text file");
  });

  it("a truncated GIFT file names the line where the last brace opened", () => {
    const full = "::A:: Q1 {=a ~b}\n\n::B:: Q2 {\n=yes\n~no\n}\n";
    expect(errors(full.slice(0, full.indexOf("~no")), "gift")).toEqual([
      { line: 3, column: 10, message: expect.stringContaining("never closed") },
    ]);
  });

  it("an unclosed brace before a blank line does not swallow the next questions", () => {
    const errs = errors("Q1 {=a ~b\n\nQ2 {T}\n\nQ3 {=a ~b\n", "gift");
    expect(errs.map((e) => e.line)).toEqual([1, 5]);
  });

  it("truncated Aiken, CSV and JSON files", () => {
    expect(errors("Q1\nA. a\nB. b\nANSWER: A\n\nQ2\nA. a\nB.", "aiken")[0]).toMatchObject({ line: 6 });
    expect(errors('type,prompt,answers\nshort_answer,"Q1,a', "csv")[0]).toMatchObject({ line: 2, column: 14 });
    expect(errors('{"title":"t","items":[{"type":"essay"', "json")[0]!.message).toContain("invalid JSON");
  });

  it("a CSV with a missing column", () => {
    expect(errors("prompt,answers\nQ,a\n", "csv")[0]).toEqual({
      line: 1,
      message: expect.stringContaining('missing column "type"'),
    });
  });

  it("a file in the wrong format says what was expected", () => {
    expect(errors('{"title":"t"}', "csv")[0]!.message).toContain("unknown column");
    expect(errors("Q {=a ~b}", "json")[0]!.message).toContain("invalid JSON");
  });

  it("collects many errors but caps the list", () => {
    const text = Array.from({ length: 300 }, (_, i) => `Q${i} {#x}`).join("\n\n");
    expect(errors(text, "gift")).toHaveLength(100);
  });
});
