/** `grade(item, response)`: the pure entry point of grading.md. */
import type { Response } from "../content/responses.ts";
import { type Item, itemPoints } from "../content/schema.ts";
import { itemModule } from "../items/registry.ts";
import type { GradeResult, GradeStatus, PartResult } from "./types.ts";

/** Scores are shares of points: rounding to a millionth hides float noise (1/3 × 3 = 1, not 0.9999999999). */
const round = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

/**
 * Grades one response to one (parsed) item. Never throws on a strange response: missing fields are blank answers.
 * Essays are `pending` (or `blank` with no text); descriptions are not scored (0 of 0, status `blank`).
 */
export function grade(item: Item, response: Response | null | undefined): GradeResult {
  const r = response ?? {};
  const points = itemPoints(item);
  const general = item.generalFeedback ? [item.generalFeedback] : [];
  const g = itemModule(item).grade(item, r);
  if (g === "unscored") return { score: 0, maxScore: 0, status: "blank", feedback: general, parts: [] };
  if (g === "teacher") {
    const hasText = !!r.text && r.text.trim().length > 0;
    return { score: 0, maxScore: points, status: hasText ? "pending" : "blank", feedback: general, parts: [] };
  }
  const fraction = Math.min(1, Math.max(0, g.fraction));
  const parts: PartResult[] = g.parts.map(({ fraction: f, weight, ...p }) => ({
    ...p,
    score: round(f * weight * points),
  }));
  let status: GradeStatus;
  if (g.parts.every((p) => p.verdict === "blank")) status = "blank";
  else if (fraction >= 1 - 1e-9) status = "correct";
  else if (fraction <= 0) status = "incorrect";
  else status = "partial";
  return { score: round(fraction * points), maxScore: points, status, feedback: [...g.feedback, ...general], parts };
}
