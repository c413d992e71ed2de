/**
 * The canonical exercise shape (content-model.md). One schema validates the API, the editor and the converters,
 * so every cross-field rule lives here and nowhere else.
 */
import { z } from "zod";
import { descriptionSchema } from "../items/description/schema.ts";
import { essaySchema } from "../items/essay/schema.ts";
import { gapFillSchema } from "../items/gap-fill/schema.ts";
import { markWordsSchema } from "../items/mark-words/schema.ts";
import { matchingSchema } from "../items/matching/schema.ts";
import { multipleChoiceSchema } from "../items/multiple-choice/schema.ts";
import { numericalSchema } from "../items/numerical/schema.ts";
import { orderingSchema } from "../items/ordering/schema.ts";
import { shortAnswerSchema } from "../items/short-answer/schema.ts";
import { trueFalseSchema } from "../items/true-false/schema.ts";
import { mediaRefSchema, SKILLS, text } from "./item-base.ts";

export * from "../items/description/schema.ts";
export * from "../items/essay/schema.ts";
export * from "../items/gap-fill/schema.ts";
export * from "../items/mark-words/schema.ts";
export * from "../items/matching/schema.ts";
export * from "../items/multiple-choice/schema.ts";
export * from "../items/numerical/schema.ts";
export * from "../items/ordering/schema.ts";
export * from "../items/short-answer/schema.ts";
export * from "../items/true-false/schema.ts";
export { mediaRefSchema, SKILLS, type TypedAnswer, typedAnswerSchema } from "./item-base.ts";

export const LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"] as const;
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

/** Any item: its type's schema, with that type's cross-field rules (items/<type>/schema.ts). */
export const itemSchema = z.discriminatedUnion("type", [
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
