/** Grading of a matching item (grading.md). */
import type { Response } from "../../content/responses.ts";
import { basicNormalize } from "../../grading/normalize.ts";
import { blankError, type Graded, type RawPart, wrongOption } from "../../grading/parts.ts";
import type { MatchingItem } from "./schema.ts";

export function gradeMatching(item: MatchingItem, response: Response): Graded {
  const matches = response.matches ?? {};
  const n = item.pairs.length;
  let right = 0;
  const parts: RawPart[] = item.pairs.map((pair) => {
    const given = matches[pair.left];
    const value = given === undefined ? "" : basicNormalize(given);
    if (!value) {
      return {
        id: pair.left,
        response: null,
        expected: pair.right,
        verdict: "blank",
        notes: [],
        errors: blankError(pair.right),
        fraction: 0,
        weight: 1 / n,
      };
    }
    const ok = value === basicNormalize(pair.right);
    if (ok) right++;
    return {
      id: pair.left,
      response: value,
      expected: pair.right,
      verdict: ok ? "correct" : "incorrect",
      notes: [],
      errors: ok ? [] : wrongOption(pair.right, value),
      fraction: ok ? 1 : 0,
      weight: 1 / n,
    };
  });
  return { fraction: right / n, parts, feedback: [] };
}
