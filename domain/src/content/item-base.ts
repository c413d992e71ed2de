/**
 * What every item type's schema is built from (items/<type>/schema.ts): the fields all items share and the answer
 * shapes several types use. Kept apart from content/schema.ts, which assembles the types, so that a type's schema
 * can import these without a cycle.
 */
import { z } from "zod";

export const SKILLS = ["grammar", "vocabulary", "reading", "listening", "writing", "speaking"] as const;

export const text = (max: number) => z.string().max(max);
export const feedback = text(5000).optional();
/** Moodle's weight divided by 100: the share of the item's points an answer earns. */
export const fraction = z.number().min(-1).max(1);

export const mediaRefSchema = z.object({
  mediaId: z.string().min(1).max(64),
  kind: z.enum(["audio", "image", "video", "file"]),
  /** What an image shows, for those who cannot see it (required to publish an image). */
  alt: text(1000).optional(),
});

export const itemBase = {
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

export const typedAnswerSchema = z.object({
  text: text(1000),
  fraction,
  feedback,
});

export const toleranceSchema = z.enum(["exact", "typos"]);

export type TypedAnswer = z.output<typeof typedAnswerSchema>;
