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
import { moodleFiles, readExerciseReport } from "../index.ts";
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

describe("Moodle XML media (embedded files, @@PLUGINFILE@@)", () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
  const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 1]);
  const lookup = (id: string) =>
    id === "img1"
      ? { contentType: "image/png", extension: ".png", bytes: PNG }
      : id === "rec1"
        ? { contentType: "audio/mpeg", extension: ".mp3", bytes: MP3 }
        : undefined;
  const ex = parseExercise({
    title: "With media",
    items: [
      {
        id: "q1",
        type: "short_answer",
        prompt: "<p>What is it?</p>",
        promptFormat: "html",
        answers: [{ text: "a cat", fraction: 1 }],
        media: [{ mediaId: "img1", kind: "image", alt: 'A "black" cat' }],
      },
      {
        id: "q2",
        type: "true_false",
        prompt: "Listen. Is it **raining**?",
        promptFormat: "markdown",
        answer: true,
        media: [
          { mediaId: "rec1", kind: "audio" },
          { mediaId: "img1", kind: "image", alt: "Rain" },
        ],
      },
    ],
  });
  /** What the importer does: every embedded file stored under an id of its own (here: its name's stem). */
  const store = (xml: string) =>
    new Map(
      moodleFiles(xml).map((f) => [
        f.key,
        { mediaId: f.name.replace(/\.\w+$/, ""), kind: f.name.endsWith(".mp3") ? "audio" : "image" } as const,
      ]),
    );

  it("writes the files base64 in the question text with references Moodle shows; reads them back; stable", () => {
    const first = toMoodleXml(ex, lookup).text;
    const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
    expect(first).toContain(`<file name="img1.png" path="/" encoding="base64">${b64(PNG)}</file>`);
    expect(first).toContain(`<file name="rec1.mp3" path="/" encoding="base64">${b64(MP3)}</file>`);
    expect(first).toContain(
      '<p class="lc-media"><img src="@@PLUGINFILE@@/img1.png" alt="A &quot;black&quot; cat"></p>',
    );
    expect(first).toContain("[rec1.mp3](@@PLUGINFILE@@/rec1.mp3)\n![Rain](@@PLUGINFILE@@/img1.png)\n\nListen.");
    const back = readMoodleXml(first, "x", store(first));
    expect(back.warnings).toEqual([]);
    expect(back.exercise.items.map((i) => [i.prompt, i.media])).toEqual(ex.items.map((i) => [i.prompt, i.media]));
    const second = toMoodleXml(back.exercise, lookup).text;
    const body = (s: string) => s.slice(s.indexOf("<quiz>"));
    expect(body(second)).toBe(body(first));
  });

  it("another system's file: its <img> leaves the HTML prompt (alt kept); an unstored file is named", () => {
    const xml = `<?xml version="1.0"?><quiz><question type="essay"><name><text>Describe</text></name>
<questiontext format="html"><text><![CDATA[<p>Describe <img src="@@PLUGINFILE@@/my%20photo.jpg" alt="A beach"> this.</p>]]></text>
<file name="my photo.jpg" path="/" encoding="base64">AAAA</file><file name="notes.exe" path="/" encoding="base64">AAAA</file></questiontext></question></quiz>`;
    const { exercise, warnings } = readMoodleXml(
      xml,
      "x",
      new Map([["0/my photo.jpg", { mediaId: "m9", kind: "image" }]]),
    );
    expect(exercise.items[0]?.prompt).toBe("<p>Describe  this.</p>");
    expect(exercise.items[0]?.media).toEqual([{ mediaId: "m9", kind: "image", alt: "A beach" }]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/notes\.exe is not an accepted/)]);
  });
});
