/**
 * Grading throughput on one core: right short answers (the hot path, no NLP) and wrong answers with their error
 * classification (alignment, lemmas, dictionary). The language tools are warmed up first: their one-off loading
 * is a start-up cost, not a per-answer one.
 */
import { grade, itemSchema, type ShortAnswerItem } from "@languagecloud/domain";
import type { BenchResult, Scenario } from "./types.ts";

const item = (answers: string[]) =>
  itemSchema.parse({
    type: "short_answer",
    answers: answers.map((text) => ({ text, fraction: 1, feedback: "Well done" })),
  }) as ShortAnswerItem;

const RIGHT: [ShortAnswerItem, string][] = [
  [item(["goes"]), "goes"],
  [item(["He goes to school"]), "he goes to school."],
  [item(["I'm fine, thanks"]), "I am fine thanks"],
  [item(["colour", "color"]), "Colour"],
  [item(["She has been living here since 2010"]), "She has been living here since 2010"],
];
const WRONG: [ShortAnswerItem, string][] = [
  [item(["He goes to school"]), "He go at school"],
  [item(["I went home yesterday"]), "I goed home yesterday"],
  [item(["bigger than"]), "more big then"],
  [item(["I like football very much"]), "I like very much football"],
  [item(["She is a teacher"]), "She teacher"],
];

function measure(cases: [ShortAnswerItem, string][], ms: number) {
  let ops = 0;
  let sink = 0;
  const samples: number[] = [];
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let k = 0; k < 1000; k++) {
      const [it, text] = cases[k % cases.length]!;
      sink += grade(it, { text }).score;
    }
    samples.push((performance.now() - t0) / 1000);
    ops += 1000;
  }
  const elapsed = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? null;
  return { value: Math.round(ops / elapsed), p50: pct(0.5), p99: pct(0.99), sink };
}

export const gradingScenario: Scenario = async (opts) => {
  const ms = opts.quick ? 300 : 3000;
  for (const [it, text] of [...RIGHT, ...WRONG]) grade(it, { text }); // loads the language tools once
  measure(RIGHT, ms / 4);
  measure(WRONG, ms / 4);
  const right = measure(RIGHT, ms);
  const wrong = measure(WRONG, ms);
  const results: BenchResult[] = [
    {
      name: "grade_short_answer",
      value: right.value,
      unit: "ops/s",
      p50_ms: right.p50,
      p99_ms: right.p99,
      notes: "right short answers (exact, case, punctuation, contractions, variants); target ≥ 100,000",
    },
    {
      name: "grade_wrong_answer",
      value: wrong.value,
      unit: "ops/s",
      p50_ms: wrong.p50,
      p99_ms: wrong.p99,
      notes: "wrong short answers with error classification; target ≥ 5,000",
    },
  ];
  return results;
};
