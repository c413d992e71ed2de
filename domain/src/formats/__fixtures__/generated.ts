/**
 * Generated exercises for the interoperability round trips: every item type, texts full of XML specials, and
 * only what both QTI and Moodle XML carry (so a first export already loses nothing and must read back exactly).
 */
import fc from "fast-check";
import type { ExerciseInput } from "../../content/schema.ts";

const CHARS = "abcxyz AZ09<>&\"'-.,!?é".split("");
export const text = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 10 })
  .map((cs) => cs.join("").replace(/\s+/g, " ").trim())
  .filter((s) => s.length > 0);
const prompt = fc.array(text, { minLength: 1, maxLength: 3 }).map((ps) => ps.join("\n"));
const points = fc.constantFrom(1, 2, 5);

const maybe = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });
const mc = fc
  .tuple(
    prompt,
    points,
    fc.boolean(),
    fc.uniqueArray(fc.tuple(text, maybe(text)), { minLength: 2, maxLength: 5, selector: (t) => t[0] }),
    maybe(text),
  )
  .map(([p, pts, multiple, texts, general]) => ({
    type: "multiple_choice" as const,
    prompt: p,
    points: pts,
    multiple,
    shuffle: false,
    ...(general ? { generalFeedback: general } : {}),
    options: texts.map(([t, feedback], i) => ({
      text: t,
      fraction: multiple ? (i < 2 ? 0.5 : -0.5) : i === 0 ? 1 : 0,
      ...(feedback ? { feedback } : {}),
    })),
  }));
const tf = fc.tuple(prompt, fc.boolean(), maybe(text), maybe(text)).map(([p, answer, feedbackTrue, feedbackFalse]) => ({
  type: "true_false" as const,
  prompt: p,
  answer,
  ...(feedbackTrue ? { feedbackTrue } : {}),
  ...(feedbackFalse ? { feedbackFalse } : {}),
}));
const sa = fc
  .tuple(prompt, fc.uniqueArray(text, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([p, answers, cs]) => ({
    type: "short_answer" as const,
    prompt: p,
    caseSensitive: cs,
    tolerance: "exact" as const,
    answers: answers.map((t, i) => ({ text: t, fraction: i === 0 ? 1 : 0.5 })),
  }));
const numerical = fc
  .tuple(prompt, fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, 0.5, 2))
  .map(([p, v, tol]) => ({
    type: "numerical" as const,
    prompt: p,
    answers: [{ value: v, tolerance: tol, fraction: 1 }],
  }));
const gaps = fc
  .tuple(
    text,
    fc.uniqueArray(text, { minLength: 1, maxLength: 3 }),
    fc.constantFrom("typed", "dropdown", "word_bank"),
    fc.uniqueArray(text, { minLength: 2, maxLength: 3 }),
  )
  .map(([lead, answers, mode, extra]) => {
    const ids = answers.map((_, i) => `g${i + 1}`);
    const options = (right: string) => [right, ...extra.filter((e) => e !== right)].slice(0, 3);
    return {
      type: "gap_fill" as const,
      mode: mode as "typed" | "dropdown" | "word_bank",
      caseSensitive: false,
      // Only typed gaps use a tolerance; the others keep the schema's default.
      ...(mode === "typed" ? { tolerance: "exact" as const } : {}),
      prompt: `${lead} ${ids.map((id) => `[[${id}]]`).join(" and ")}.`,
      gaps: answers.map((a, i) => ({
        id: ids[i] as string,
        answers: [{ text: a, fraction: 1 }],
        ...(mode === "dropdown" ? { options: options(a).length >= 2 ? options(a) : [a, `${a}x`] } : {}),
      })),
    };
  });
const matching = fc
  .tuple(
    prompt,
    fc.uniqueArray(text, { minLength: 2, maxLength: 4 }),
    fc.uniqueArray(text, { minLength: 4, maxLength: 4 }),
  )
  .map(([p, lefts, rights]) => ({
    type: "matching" as const,
    prompt: p,
    pairs: lefts.map((l, i) => ({ left: l, right: rights[i] as string })),
  }));
const ordering = fc
  .tuple(prompt, fc.uniqueArray(text, { minLength: 2, maxLength: 5 }), fc.constantFrom("word", "sentence"))
  .map(([p, seq, unit]) => ({
    type: "ordering" as const,
    prompt: p,
    unit: unit as "word" | "sentence",
    sequence: seq,
  }));
const essay = fc.tuple(prompt, fc.constantFrom(undefined, 20)).map(([p, min]) => ({
  type: "essay" as const,
  prompt: p,
  ...(min ? { minWords: min, maxWords: 300 } : {}),
}));
const description = prompt.map((p) => ({ type: "description" as const, prompt: p }));
const words = fc.array(fc.constantFrom("she", "go", "went", "home", "and", "play", "plays"), {
  minLength: 3,
  maxLength: 8,
});
const markWords = words.map((ws) => ({
  type: "mark_words" as const,
  prompt: ws.map((w, i) => (i % 3 === 1 ? `*${w}*` : w)).join(" "),
}));

/** Items of the types Moodle has a question type for. */
export const moodleItem = fc.oneof(mc, tf, sa, numerical, gaps, matching, ordering, essay, description);
/** Every item type. */
export const anyItem = fc.oneof(mc, tf, sa, numerical, gaps, matching, ordering, essay, description, markWords);

export const exerciseOf = (items: object[]): ExerciseInput => ({
  title: "Generated & <checked>",
  items: items.map((it, i) => ({ id: `q${i + 1}`, ...it })) as ExerciseInput["items"],
});
