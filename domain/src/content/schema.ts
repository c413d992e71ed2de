/**
 * The canonical exercise shape (content-model.md). One schema validates the API, the editor and the converters,
 * so every cross-field rule lives here and nowhere else.
 */
import { z } from "zod";
import { orderingKey } from "../grading/normalize.ts";

export const LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"] as const;
export const SKILLS = ["grammar", "vocabulary", "reading", "listening", "writing", "speaking"] as const;
export const ITEM_TYPES = [
  "multiple_choice",
  "true_false",
  "short_answer",
  "numerical",
  "gap_fill",
  "matching",
  "ordering",
  "mark_words",
  "essay",
  "description",
] as const;

export type Level = (typeof LEVELS)[number];
export type Skill = (typeof SKILLS)[number];
export type ItemType = (typeof ITEM_TYPES)[number];

const text = (max: number) => z.string().max(max);
const feedback = text(5000).optional();
/** Moodle's weight divided by 100: the share of the item's points an answer earns. */
const fraction = z.number().min(-1).max(1);

export const mediaRefSchema = z.object({
  mediaId: z.string().min(1).max(64),
  kind: z.enum(["audio", "image", "video", "file"]),
  /** What an image shows, for those who cannot see it (required to publish an image). */
  alt: text(1000).optional(),
});

const itemBase = {
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.', '-'")
    .optional(),
  title: text(255).optional(),
  prompt: text(20000).default(""),
  promptFormat: z.enum(["plain", "markdown", "html"]).default("plain"),
  points: z.number().min(0).max(1000).optional(),
  generalFeedback: feedback,
  category: text(255).optional(),
  /** The item's own skills; absent = the exercise's. Progress per skill is computed from items (content-model.md). */
  skills: z.array(z.enum(SKILLS)).max(6).optional(),
  tags: z.array(z.string().min(1).max(50)).max(50).optional(),
  media: z.array(mediaRefSchema).max(20).optional(),
};

export const choiceOptionSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  text: text(5000),
  fraction,
  feedback,
});

export const typedAnswerSchema = z.object({
  text: text(1000),
  fraction,
  feedback,
});

/**
 * A numerical answer with this tolerance matches every number: Moodle's catch-all (`{#3:2~#Completely wrong}` in
 * GIFT, `*` in Moodle XML) — a wrong answer's feedback for any number the other answers do not cover. Finite, so the
 * content model stays `{value, tolerance, fraction, feedback}`; the grader prefers any other match (higher fraction).
 */
export const ANY_NUMBER_TOLERANCE = Number.MAX_VALUE;

export const isCatchAllAnswer = (a: { tolerance: number }): boolean => a.tolerance >= ANY_NUMBER_TOLERANCE;

export const numericalAnswerSchema = z.object({
  value: z.number().finite(),
  tolerance: z.number().min(0).finite().default(0),
  fraction,
  feedback,
});

const toleranceSchema = z.enum(["exact", "typos"]);

export const multipleChoiceSchema = z.object({
  ...itemBase,
  type: z.literal("multiple_choice"),
  multiple: z.boolean().default(false),
  shuffle: z.boolean().default(false),
  options: z.array(choiceOptionSchema).min(2).max(50),
});

export const trueFalseSchema = z.object({
  ...itemBase,
  type: z.literal("true_false"),
  answer: z.boolean(),
  feedbackTrue: feedback,
  feedbackFalse: feedback,
});

export const shortAnswerSchema = z.object({
  ...itemBase,
  type: z.literal("short_answer"),
  answers: z.array(typedAnswerSchema).min(1).max(100),
  caseSensitive: z.boolean().default(false),
  tolerance: toleranceSchema.default("typos"),
});

export const numericalSchema = z.object({
  ...itemBase,
  type: z.literal("numerical"),
  answers: z.array(numericalAnswerSchema).min(1).max(100),
});

export const gapSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  answers: z.array(typedAnswerSchema).min(1).max(100),
  options: z.array(text(1000)).max(50).optional(),
});

export const gapFillSchema = z.object({
  ...itemBase,
  type: z.literal("gap_fill"),
  gaps: z.array(gapSchema).min(1).max(100),
  mode: z.enum(["typed", "dropdown", "word_bank"]).default("typed"),
  distractors: z.array(text(1000)).max(100).optional(),
  caseSensitive: z.boolean().default(false),
  tolerance: toleranceSchema.default("typos"),
});

export const matchingSchema = z.object({
  ...itemBase,
  type: z.literal("matching"),
  pairs: z
    .array(z.object({ left: text(1000).min(1), right: text(1000).min(1) }))
    .min(1)
    .max(100),
  distractors: z.array(text(1000)).max(100).optional(),
});

export const orderingSchema = z.object({
  ...itemBase,
  type: z.literal("ordering"),
  unit: z.enum(["word", "sentence"]).default("word"),
  sequence: z.array(text(2000).min(1)).min(2).max(100),
  alternatives: z
    .array(z.array(text(2000).min(1)))
    .max(20)
    .optional(),
});

export const markWordsSchema = z.object({
  ...itemBase,
  type: z.literal("mark_words"),
});

export const essaySchema = z.object({
  ...itemBase,
  type: z.literal("essay"),
  minWords: z.number().int().min(0).optional(),
  maxWords: z.number().int().min(1).optional(),
  rubric: z
    .array(z.object({ criterion: text(500).min(1), points: z.number().min(0) }))
    .max(30)
    .optional(),
});

export const descriptionSchema = z.object({
  ...itemBase,
  type: z.literal("description"),
});

const itemUnion = z.discriminatedUnion("type", [
  multipleChoiceSchema,
  trueFalseSchema,
  shortAnswerSchema,
  numericalSchema,
  gapFillSchema,
  matchingSchema,
  orderingSchema,
  markWordsSchema,
  essaySchema,
  descriptionSchema,
]);

/** Gap markers in a gap_fill prompt: `[[g1]]`. */
export const GAP_MARKER = /\[\[([A-Za-z0-9_-]+)\]\]/g;
/** Words to find in a mark_words prompt: `*word*`. */
export const MARKED_WORD = /\*([^*\s][^*]*?)\*/g;

export const itemSchema = itemUnion.superRefine((item, ctx) => {
  switch (item.type) {
    case "multiple_choice": {
      if (!item.options.some((o) => o.fraction > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["options"],
          message: "at least one option must have a positive fraction",
        });
      }
      const ids = item.options.map((o) => o.id).filter((id): id is string => !!id);
      if (new Set(ids).size !== ids.length) {
        ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
      }
      break;
    }
    case "short_answer":
    case "numerical":
      if (!item.answers.some((a) => a.fraction > 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["answers"],
          message: "at least one answer must have a positive fraction",
        });
      }
      break;
    case "gap_fill": {
      const inPrompt = [...item.prompt.matchAll(GAP_MARKER)].map((m) => m[1] as string);
      const declared = item.gaps.map((g) => g.id);
      if (new Set(declared).size !== declared.length) {
        ctx.addIssue({ code: "custom", path: ["gaps"], message: "gap ids must be unique" });
      }
      if (new Set(inPrompt).size !== inPrompt.length) {
        ctx.addIssue({ code: "custom", path: ["prompt"], message: "each gap marker may appear only once" });
      }
      for (const id of inPrompt) {
        if (!declared.includes(id)) {
          ctx.addIssue({ code: "custom", path: ["prompt"], message: `the prompt has [[${id}]] but no gap "${id}"` });
        }
      }
      item.gaps.forEach((gap, i) => {
        if (!inPrompt.includes(gap.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["gaps", i, "id"],
            message: `gap "${gap.id}" has no [[${gap.id}]] in the prompt`,
          });
        }
        if (!gap.answers.some((a) => a.fraction > 0)) {
          ctx.addIssue({
            code: "custom",
            path: ["gaps", i, "answers"],
            message: "at least one answer must have a positive fraction",
          });
        }
        if (item.mode === "dropdown" && (!gap.options || gap.options.length < 2)) {
          ctx.addIssue({
            code: "custom",
            path: ["gaps", i, "options"],
            message: "a dropdown gap needs at least two options",
          });
        }
      });
      break;
    }
    case "matching": {
      const lefts = item.pairs.map((p) => p.left);
      if (new Set(lefts).size !== lefts.length) {
        ctx.addIssue({ code: "custom", path: ["pairs"], message: "left sides must be unique" });
      }
      break;
    }
    case "mark_words":
      if (![...item.prompt.matchAll(MARKED_WORD)].length) {
        ctx.addIssue({ code: "custom", path: ["prompt"], message: "mark the words to find as *word*" });
      }
      break;
    case "essay":
      if (item.minWords !== undefined && item.maxWords !== undefined && item.minWords > item.maxWords) {
        ctx.addIssue({ code: "custom", path: ["minWords"], message: "minWords must not exceed maxWords" });
      }
      break;
    case "ordering":
      for (const [i, alt] of (item.alternatives ?? []).entries()) {
        // The same units ignoring case and end punctuation: "the cat." may become "The cat" when it moves first.
        const units = (seq: readonly string[]) => seq.map(orderingKey).sort().join("\u0000");
        if (units(alt) !== units(item.sequence)) {
          ctx.addIssue({
            code: "custom",
            path: ["alternatives", i],
            message: "an alternative must reorder the same units",
          });
        }
      }
      break;
    default:
      break;
  }
});

export const exerciseSchema = z
  .object({
    title: z.string().trim().min(1).max(255),
    instructions: text(10000).optional(),
    level: z.enum(LEVELS).optional(),
    skills: z.array(z.enum(SKILLS)).max(6).default([]),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(50)
          .regex(/^[a-z0-9][a-z0-9 _/-]*$/, "lowercase letters, digits, space, '-', '_', '/'"),
      )
      .max(50)
      .default([]),
    passage: text(50000).optional(),
    passageFormat: z.enum(["plain", "markdown", "html"]).optional(),
    /** The passage is a listening transcript: students see it only after submitting (it gives answers away). */
    transcriptAfterSubmit: z.boolean().optional(),
    media: z.array(mediaRefSchema).max(20).optional(),
    items: z.array(itemSchema).max(10_000).default([]),
  })
  .superRefine((ex, ctx) => {
    const ids = ex.items.map((it) => it.id).filter((id): id is string => !!id);
    const seen = new Set<string>();
    ids.forEach((id) => {
      if (seen.has(id)) ctx.addIssue({ code: "custom", path: ["items"], message: `item id "${id}" is used twice` });
      seen.add(id);
    });
  });

export type ExerciseInput = z.input<typeof exerciseSchema>;
export type Exercise = z.output<typeof exerciseSchema>;
export type Item = z.output<typeof itemSchema>;
export type MultipleChoiceItem = z.output<typeof multipleChoiceSchema>;
export type TrueFalseItem = z.output<typeof trueFalseSchema>;
export type ShortAnswerItem = z.output<typeof shortAnswerSchema>;
export type NumericalItem = z.output<typeof numericalSchema>;
export type GapFillItem = z.output<typeof gapFillSchema>;
export type MatchingItem = z.output<typeof matchingSchema>;
export type OrderingItem = z.output<typeof orderingSchema>;
export type MarkWordsItem = z.output<typeof markWordsSchema>;
export type EssayItem = z.output<typeof essaySchema>;
export type DescriptionItem = z.output<typeof descriptionSchema>;
export type TypedAnswer = z.output<typeof typedAnswerSchema>;
export type ChoiceOption = z.output<typeof choiceOptionSchema>;

/** An item's maximum score: `points`, default 1 (0 for a description). */
export function itemPoints(item: Item): number {
  if (item.points !== undefined) return item.points;
  return item.type === "description" ? 0 : 1;
}

/**
 * Fills the ids the author left out (`q1`, `q2`… for items, `a`, `b`… for options) so that responses, statistics
 * and versions can refer to them. Never changes an id that was given.
 */
export function normalizeExercise(ex: Exercise): Exercise {
  const used = new Set(ex.items.map((it) => it.id).filter(Boolean));
  let n = 0;
  const nextId = () => {
    let id: string;
    do id = `q${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  const items = ex.items.map((item) => {
    const withId = { ...item, id: item.id ?? nextId(), points: itemPoints(item) };
    if (withId.type === "multiple_choice") {
      const taken = new Set(withId.options.map((o) => o.id).filter(Boolean));
      let k = 0;
      withId.options = withId.options.map((o) => {
        if (o.id) return o;
        let id: string;
        do id = optionLetter(k++);
        while (taken.has(id));
        taken.add(id);
        return { ...o, id };
      });
    }
    return withId as Item;
  });
  return { ...ex, items };
}

function optionLetter(k: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return k < 26 ? (letters[k] as string) : `o${k + 1}`;
}

/** Parses and normalizes an exercise; throws a ZodError with paths on bad input. */
export function parseExercise(input: unknown): Exercise {
  return normalizeExercise(exerciseSchema.parse(input));
}

/**
 * A mark_words prompt in its two parts: the instruction (the lines before the first line that marks a word,
 * shown as the prompt) and the text to mark (from that line on, the only part split into tokens). A prompt
 * whose first line already marks a word is all text.
 */
export function markWordsParts(prompt: string): { instruction: string; text: string } {
  const lines = prompt.split("\n");
  const first = lines.findIndex((l) => new RegExp(MARKED_WORD.source).test(l));
  if (first <= 0) return { instruction: "", text: prompt };
  return { instruction: lines.slice(0, first).join("\n").trim(), text: lines.slice(first).join("\n") };
}

/** The words of a mark_words text (the instruction excluded); `marked` indexes this list. */
export function markWordsTokens(prompt: string): { text: string; target: boolean }[] {
  const tokens: { text: string; target: boolean }[] = [];
  const re = /\*([^*\s][^*]*?)\*|(\S+)/g;
  for (const m of markWordsParts(prompt).text.matchAll(re)) {
    if (m[1] !== undefined) {
      for (const w of m[1].split(/\s+/)) tokens.push({ text: w, target: true });
    } else tokens.push({ text: m[2] as string, target: false });
  }
  return tokens;
}
