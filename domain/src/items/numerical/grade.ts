/** Grading of a numerical item (grading.md). */
import { parseNumberAnswer, type Response } from "../../content/responses.ts";
import { blankError, type Graded } from "../../grading/parts.ts";
import type { GradingError } from "../../grading/types.ts";
import type { NumericalItem } from "./schema.ts";

export function gradeNumerical(item: NumericalItem, response: Response): Graded {
  const written = typeof response.text === "string" ? response.text.trim() : "";
  const raw = typeof response.value === "number" ? response.value : written ? parseNumberAnswer(written) : null;
  const best = [...item.answers].sort((a, b) => b.fraction - a.fraction)[0]!;
  const expected = String(best.value);
  if (raw === null && written) {
    // Kept as the student wrote it ("2.5 hours") and graded wrong: grading.md "Numbers".
    const errors: GradingError[] = [{ category: "not_a_number", expected, actual: written }];
    const part = { id: "answer", response: written, expected, verdict: "incorrect" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors, fraction: 0, weight: 1 }], feedback: [] };
  }
  if (raw === null || !Number.isFinite(raw)) {
    const part = { id: "answer", response: null, expected, verdict: "blank" as const, notes: [] };
    return { fraction: 0, parts: [{ ...part, errors: blankError(expected), fraction: 0, weight: 1 }], feedback: [] };
  }
  let match: (typeof item.answers)[number] | undefined;
  for (const a of item.answers) {
    // A relative epsilon so that 0.1 + 0.2 is within a tolerance of 0 around 0.3.
    const eps = 1e-9 * Math.max(1, Math.abs(a.value));
    if (Math.abs(raw - a.value) <= a.tolerance + eps && (!match || a.fraction > match.fraction)) match = a;
  }
  const fraction = match?.fraction ?? 0;
  const right = fraction > 0;
  const shown = String(raw);
  return {
    fraction,
    parts: [
      {
        id: "answer",
        response: shown,
        expected: right ? String(match!.value) : expected,
        verdict: right ? "correct" : "incorrect",
        notes: [],
        // Numbers have no word categories (grading.md).
        errors: right ? [] : [{ category: "wrong_value", expected, actual: String(raw) }],
        fraction,
        weight: 1,
      },
    ],
    feedback: match?.feedback ? [match.feedback] : [],
  };
}
