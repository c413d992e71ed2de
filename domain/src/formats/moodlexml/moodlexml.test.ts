/**
 * Moodle XML: a file written by hand in the layout of Moodle's documentation (named in the fixture) imports with
 * the right types and answers; export → import → export is byte-stable over generated exercises of the types
 * Moodle has; mark_words is left out and named at the top.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExercise } from "../../content/schema.ts";
import { allTypes } from "../__fixtures__/all-types.ts";
import { exerciseOf, moodleItem } from "../__fixtures__/generated.ts";
import { FormatError } from "../errors.ts";
import { readExerciseReport } from "../index.ts";
import { readMoodleXml } from "./reader.ts";
import { toMoodleXml } from "./writer.ts";

const fixture = readFileSync(join(import.meta.dirname, "../__fixtures__/moodle-docs.xml"), "utf8");

describe("Moodle XML written to Moodle's documented format", () => {
  const { exercise, warnings } = readMoodleXml(fixture, "Moodle bank");
  const byTitle = new Map(exercise.items.map((i) => [i.title, i]));
  const get = <T extends string>(title: string, type: T) => {
    const item = byTitle.get(title);
    expect(item?.type, title).toBe(type);
    return item as Extract<(typeof exercise.items)[number], { type: T }>;
  };

  it("reads every question with its type, in file order", () => {
    expect(exercise.items.map((i) => i.type)).toEqual([
      "multiple_choice",
      "multiple_choice",
      "true_false",
      "short_answer",
      "numerical",
      "matching",
      "essay",
      "description",
      "gap_fill",
      "gap_fill",
      "gap_fill",
      "gap_fill",
      "ordering",
    ]);
  });

  it("keeps answers, fractions, feedback, grades and categories", () => {
    const mc = get("Past of go", "multiple_choice");
    expect(mc.options.map((o) => [o.text, o.fraction, o.feedback])).toEqual([
      ["went", 1, "Right."],
      ["goed", 0, "Go is irregular."],
      ["gone", 0, undefined],
    ]);
    expect(mc).toMatchObject({
      points: 2,
      multiple: false,
      shuffle: true,
      promptFormat: "html",
      category: "Grammar/Tenses",
    });
    expect(mc.generalFeedback).toBe("Go is irregular.");
    const verbs = get("Verbs", "multiple_choice");
    expect(verbs.multiple).toBe(true);
    expect(verbs.options.map((o) => o.fraction)).toEqual([0.5, 0.5, -1]);
    expect(verbs.promptFormat).toBe("plain");
    expect(get("London", "true_false")).toMatchObject({ answer: true, feedbackTrue: "Yes.", feedbackFalse: "It is." });
    const sa = get("Opposite of hot", "short_answer");
    expect(sa.answers.map((a) => [a.text, a.fraction])).toEqual([
      ["cold", 1],
      ["cool", 0.5],
    ]);
    expect(sa).toMatchObject({ caseSensitive: false, category: "Vocabulary" });
    expect(get("Days", "numerical").answers.map((a) => [a.value, a.tolerance, a.fraction])).toEqual([
      [366, 0, 1],
      [365, 1, 0.5],
    ]);
    expect(get("Capitals", "matching")).toMatchObject({
      pairs: [
        { left: "France", right: "Paris" },
        { left: "Italy", right: "Rome" },
      ],
      distractors: ["Berlin"],
    });
    expect(get("Holiday", "essay")).toMatchObject({ minWords: 50, maxWords: 200, points: 10 });
    expect(get("Part 2", "description").points).toBe(0);
    expect(get("Word order", "ordering")).toMatchObject({ unit: "word", sequence: ["she", "has", "never", "been"] });
  });

  it("reads Cloze, gapselect and ddwtos as gap fill", () => {
    const cloze = get("Present simple", "gap_fill");
    expect(cloze.mode).toBe("typed");
    expect(cloze.prompt).toBe("She [[g1]] to school and [[g2]] football.");
    expect(cloze.gaps[0]?.answers).toEqual([
      { text: "goes", fraction: 1, feedback: "Right" },
      { text: "go", fraction: 0.5, feedback: "Almost" },
    ]);
    const be = get("To be", "gap_fill");
    expect(be.mode).toBe("dropdown");
    expect(be.gaps.map((g) => [g.answers[0]?.text, g.options])).toEqual([
      ["am", ["am", "is", "are"]],
      ["are", ["am", "is", "are"]],
    ]);
    const preps = get("Prepositions", "gap_fill");
    expect(preps).toMatchObject({ mode: "dropdown", prompt: "The cat sat [[g1]] the mat [[g2]] the door." });
    expect(preps.gaps.map((g) => [g.answers[0]?.text, g.options])).toEqual([
      ["on", ["on", "under"]],
      ["by", ["by", "behind"]],
    ]);
    const animals = get("Animals", "gap_fill");
    expect(animals).toMatchObject({ mode: "word_bank", distractors: ["cow"] });
    expect(animals.gaps.map((g) => g.answers[0]?.text)).toEqual(["dog", "cat"]);
  });

  it("reports what it does not keep, per item", () => {
    expect(warnings).toContainEqual(
      expect.objectContaining({ item: 1, message: expect.stringMatching(/combined feedback/) }),
    );
  });

  it("refuses unknown question types with the question's line, importing nothing", () => {
    const bad = fixture.replace('<question type="numerical">', '<question type="calculated">');
    const line = bad.split("\n").findIndex((l) => l.includes('type="calculated"')) + 1;
    try {
      readExerciseReport(bad, "moodlexml");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).errors[0]).toMatchObject({ line, message: expect.stringMatching(/calculated/) });
    }
  });
});

describe("Moodle XML round trip", () => {
  it("export → import → export is byte-stable, and the items read back", () => {
    fc.assert(
      fc.property(fc.array(moodleItem, { minLength: 1, maxLength: 6 }), (items) => {
        const original = parseExercise(exerciseOf(items));
        const first = toMoodleXml(original).text;
        const back = readMoodleXml(first, original.title).exercise;
        expect(toMoodleXml(back).text).toBe(first);
        expect(back.items.map(({ id, type }) => ({ id, type }))).toEqual(
          original.items.map(({ id, type }) => ({ id, type })),
        );
      }),
      { numRuns: 80 },
    );
  });

  it("leaves out mark_words and names it at the top of the file", () => {
    const { text, warnings } = toMoodleXml(allTypes);
    expect(text.split("<quiz>")[0]).toContain("mark1: skipped, Moodle has no question type for marking words");
    expect(warnings.find((w) => w.itemId === "mark1")?.skipped).toBe(true);
    expect(text).not.toContain("*play*");
  });
});
