import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type FormatError, readExercise } from "./index.ts";

const errors = (text: string) => {
  try {
    readExercise(text, "csv");
  } catch (err) {
    return (err as FormatError).errors;
  }
  throw new Error("expected a FormatError");
};

describe("CSV reader", () => {
  it("reads the documented example file", () => {
    const text = readFileSync(new URL("../../../docs/formats/example.csv", import.meta.url), "utf8");
    const ex = readExercise(text, "csv", { title: "Example" });
    expect(ex.level).toBe("A2");
    expect(ex.skills).toEqual(["grammar", "vocabulary"]);
    expect(ex.items.map((i) => i.type)).toEqual([
      "multiple_choice",
      "multiple_choice",
      "true_false",
      "short_answer",
      "numerical",
      "gap_fill",
      "gap_fill",
      "matching",
      "ordering",
      "mark_words",
      "essay",
      "description",
    ]);
    expect(ex.items[0]).toMatchObject({
      multiple: false,
      options: [
        { text: "went", fraction: 1 },
        { text: "goed", fraction: 0 },
        { text: "gone", fraction: 0 },
      ],
      generalFeedback: "Go is irregular: go, went, gone.",
      points: 2,
      tags: ["past-simple"],
    });
    expect(ex.items[1]).toMatchObject({
      multiple: true,
      options: [{ fraction: 0.5 }, { fraction: 0 }, { fraction: 0.5 }],
    });
    expect(ex.items[5]).toMatchObject({
      mode: "typed",
      gaps: [
        { id: "g1", answers: [{ text: "goes" }] },
        { id: "g2", answers: [{ text: "doesn't" }, { text: "does not" }] },
      ],
    });
    expect(ex.items[6]).toMatchObject({
      mode: "dropdown",
      gaps: [{ id: "g1", answers: [{ text: "at" }], options: ["at", "in", "on"] }],
    });
    expect(ex.items[7]).toMatchObject({
      pairs: [
        { left: "big", right: "large" },
        { left: "quick", right: "fast" },
      ],
      distractors: ["slow"],
    });
    expect(ex.items[8]).toMatchObject({ unit: "word", sequence: ["She", "has", "never", "been", "there"] });
  });

  it("handles quoted fields with commas, quotes, line breaks, semicolon files and escaped pipes", () => {
    const ex = readExercise('type;prompt;answers\nshort_answer;"Say ""hi"";\nplease";a\\|b|c\n', "csv");
    expect(ex.items[0]).toMatchObject({ prompt: 'Say "hi";\nplease', answers: [{ text: "a|b" }, { text: "c" }] });
  });

  it("reports a missing column on the header line", () => {
    expect(errors("type,answers\nshort_answer,a")).toEqual([
      { line: 1, message: expect.stringContaining('missing column "prompt"') },
    ]);
  });

  it("reports rows with a wrong number of fields and bad values, each on its line", () => {
    expect(
      errors(
        "type,prompt,answers,points,level\nshort_answer,Q,a,1,A1\nshort_answer,Q\nfoo,Q,a,1,A1\nshort_answer,Q,a,-2,Z9\nmultiple_choice,Q,a|b,1,A1",
      ),
    ).toEqual([
      { line: 3, message: expect.stringContaining("expected 5 fields") },
      { line: 4, message: expect.stringContaining('unknown type "foo"') },
      { line: 5, message: expect.stringContaining("points") },
      { line: 5, message: expect.stringContaining("level") },
      { line: 6, message: expect.stringContaining('leading "*"') },
    ]);
  });

  it("says an unknown column, a level conflict and gap count mismatch", () => {
    expect(errors("type,prompt,colour\nessay,Q,red")[0]!.message).toContain('unknown column "colour"');
    expect(errors("type,prompt,level\nessay,Q,A1\nessay,Q,B2")[0]!.message).toContain("one level");
    expect(errors("type,prompt,answers\ngap_fill,He [[g1]] [[g2]],goes")[0]!.message).toContain("2 gap(s)");
  });
});
