/** The response shapes per item type (content-model.md, "response" column). */
import { z } from "zod";

/**
 * Exactly one of these fields, by item type. One strict object with a count check rather than a union of seven
 * strict objects: a union tries its members in turn and builds the issues of every failed one, which made
 * validating a 20-item submit body cost more than grading it.
 */
export const RESPONSE_FIELDS = ["selected", "value", "text", "gaps", "matches", "sequence", "marked"] as const;

/** The longest text answer accepted (essays, short answers); the player stops there and says why. */
export const MAX_TEXT_LENGTH = 50_000;

/**
 * A numerical answer as a number: "12.5", "12,5", "-3", "1e3"; anything else ("2.5 hours") is not a number
 * (null) and is graded `not_a_number` (grading.md), kept as the student wrote it.
 */
export function parseNumberAnswer(raw: string): number | null {
  const compact = raw.trim().replace(/\s/g, "");
  // "1,000" is a thousand (English grouping); a lone comma elsewhere is a decimal comma ("2,5").
  const t = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(compact) ? compact.replace(/,/g, "") : compact.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export const responseSchema = z
  .object({
    selected: z.array(z.string().max(64)).max(100).optional(),
    value: z.union([z.boolean(), z.number().finite(), z.null()]).optional(),
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    gaps: z.record(z.string().max(64), z.string().max(1000)).optional(),
    matches: z.record(z.string().max(1000), z.string().max(1000)).optional(),
    sequence: z.array(z.string().max(2000)).max(200).optional(),
    marked: z.array(z.number().int().min(0)).max(5000).optional(),
  })
  .strict()
  .refine((r) => Object.keys(r).length === 1, {
    message: `A response has exactly one of: ${RESPONSE_FIELDS.join(", ")}.`,
  });

export type Response = {
  selected?: string[];
  value?: boolean | number | null;
  text?: string;
  gaps?: Record<string, string>;
  matches?: Record<string, string>;
  sequence?: string[];
  marked?: number[];
};
