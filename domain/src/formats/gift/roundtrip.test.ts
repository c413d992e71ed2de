/**
 * GIFT → JSON → GIFT → JSON is lossless for what GIFT expresses. The property test generates exercises inside
 * that subset (with every special character GIFT must escapeGift) and checks both directions.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ExerciseInput, parseExercise } from "../../content/schema.ts";
import { readExercise, writeGift } from "../index.ts";

const CHARS = "abcxyz AZ09~=#{}:\\%/-.,!?'\n".split("");
/** Trimmed, non-empty text over an alphabet full of GIFT specials (no `>` or `[`: "->" and markers are tested apart). */
const text = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join("").trim())
  .filter((s) => s.length > 0);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const fraction = fc.oneof(
  fc.constantFrom(1, 0.5, 0, -1, 0.3333333, 0.1, -0.5, 0.25),
  fc.double({ min: -1, max: 1, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
);
const positive = fc.oneof(fc.constantFrom(1, 0.5, 0.3333333), fc.double({ min: 0.001, max: 1, noNaN: true }));
const num = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x));

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const typedAnswers = fc
  .tuple(
    fc.record({ text, fraction: positive, feedback: maybe(text) }),
    fc.array(fc.record({ text, fraction, feedback: maybe(text) }), { maxLength: 3 }),
  )
  .map(([first, rest]) => [first, ...rest].map(clean));

const common = fc.record({
  title: maybe(text),
  promptFormat: fc.constantFrom("plain", "html", "markdown"),
  generalFeedback: maybe(text),
  category: maybe(fc.constantFrom("Grammar", "Grammar/Tenses", "$course$/top/Default")),
  tags: maybe(fc.array(fc.constantFrom("verbs", "a2", "past"), { minLength: 1, maxLength: 2 })),
});

const item = fc.oneof(
  fc.tuple(common, text).map(([c, prompt]) => clean({ ...c, generalFeedback: undefined, type: "description", prompt })),
  fc.tuple(common, text).map(([c, prompt]) => clean({ ...c, type: "essay", prompt })),
  fc
    .tuple(common, text, fc.boolean(), maybe(text), maybe(text))
    .map(([c, prompt, answer, feedbackTrue, feedbackFalse]) =>
      clean({ ...c, type: "true_false", prompt, answer, feedbackTrue, feedbackFalse }),
    ),
  fc
    .tuple(common, text, typedAnswers)
    .map(([c, prompt, answers]) => clean({ ...c, type: "short_answer", prompt, answers })),
  fc
    .tuple(
      common,
      text,
      fc.array(
        fc.record({
          value: num,
          tolerance: fc.double({ min: 0, max: 100, noNaN: true }),
          fraction: positive,
          feedback: maybe(text),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([c, prompt, answers]) => clean({ ...c, type: "numerical", prompt, answers: answers.map(clean) })),
  fc
    .tuple(
      common,
      text,
      fc.uniqueArray(fc.tuple(text, text), { minLength: 1, maxLength: 4, selector: (p) => p[0] }),
      fc.array(text, { maxLength: 2 }),
    )
    .map(([c, prompt, pairs, distractors]) =>
      clean({
        ...c,
        type: "matching",
        prompt,
        pairs: pairs.map(([left, right]) => ({ left, right })),
        distractors: distractors.length ? distractors : undefined,
      }),
    ),
  fc
    .tuple(
      common,
      text,
      fc.boolean(),
      fc.array(fc.record({ text, fraction, feedback: maybe(text) }), { minLength: 2, maxLength: 5 }),
      positive,
    )
    .map(([c, prompt, multiple, options, first]) =>
      clean({
        ...c,
        type: "multiple_choice",
        prompt,
        multiple,
        options: options.map((o, i) => clean(i === 0 ? { ...o, fraction: first } : o)),
      }),
    ),
  fc.tuple(common, fc.option(text, { nil: "" }), text, typedAnswers).map(([c, before, after, answers]) =>
    clean({
      ...c,
      type: "gap_fill",
      prompt: `${before} [[g1]] ${after}`.trim(),
      mode: "typed",
      gaps: [{ id: "g1", answers }],
    }),
  ),
  fc
    .tuple(
      common,
      fc.option(text, { nil: "" }),
      text,
      fc.uniqueArray(text, { minLength: 2, maxLength: 5 }),
      fc.array(fc.tuple(fraction, maybe(text)), { minLength: 5, maxLength: 5 }),
      positive,
    )
    .map(([c, before, after, options, marks, first]) => {
      const answers = options
        .map((t, i) => clean({ text: t, fraction: i === 0 ? first : marks[i]![0], feedback: marks[i]![1] }))
        .filter((a) => a.fraction !== 0 || a.feedback !== undefined);
      return clean({
        ...c,
        type: "gap_fill",
        prompt: `${before} [[g1]] ${after}`.trim(),
        mode: "dropdown",
        gaps: [{ id: "g1", answers, options }],
      });
    }),
);

describe("GIFT round trip", () => {
  it("JSON → GIFT → JSON keeps every generated item (and a second pass is stable)", () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), (items) => {
        const original = parseExercise({ title: "Generated", items } as ExerciseInput);
        const gift1 = writeGift(original);
        const read1 = readExercise(gift1, "gift", { title: "Generated" });
        expect(read1).toEqual(original);
        const gift2 = writeGift(read1);
        expect(gift2).toBe(gift1);
        expect(readExercise(gift2, "gift", { title: "Generated" })).toEqual(read1);
      }),
      { numRuns: 400 },
    );
  });

  it("the Moodle documentation examples survive GIFT → JSON → GIFT → JSON", () => {
    const source = readFileSync(new URL("../__fixtures__/moodle-examples.gift", import.meta.url), "utf8");
    const json1 = readExercise(source, "gift", { title: "Moodle" });
    const gift = writeGift(json1);
    const json2 = readExercise(gift, "gift", { title: "Moodle" });
    expect(json2).toEqual(json1);
    expect(writeGift(json2)).toBe(gift);
  });

  it("keeps custom ids, tags and categories through comments and $CATEGORY", () => {
    const ex = parseExercise({
      title: "Ids",
      items: [
        { id: "intro", type: "description", prompt: "Read this.", category: "A/B" },
        { id: "q9", type: "true_false", prompt: "Yes?", answer: true, tags: ["verbs"] },
        { type: "essay", prompt: "Write." },
      ],
    });
    const back = readExercise(writeGift(ex), "gift", { title: "Ids" });
    expect(back).toEqual(ex);
  });
});
