/** Grading of a gap_fill item (grading.md). */
import type { Response } from "../../content/responses.ts";
import { basicNormalize } from "../../grading/normalize.ts";
import { blankError, choiceErrors, type Graded, type RawPart } from "../../grading/parts.ts";
import { gradeTyped } from "../../grading/typed.ts";
import type { GapFillItem } from "./schema.ts";

export function gradeGapFill(item: GapFillItem, response: Response): Graded {
  const gaps = response.gaps ?? {};
  const n = item.gaps.length;
  const parts: RawPart[] = [];
  const feedback: string[] = [];
  let sum = 0;
  for (const gap of item.gaps) {
    const given = gaps[gap.id];
    let part: RawPart;
    if (item.mode === "typed") {
      const { fraction, feedback: fb, ...rest } = gradeTyped(given, gap.answers, item);
      if (fb) feedback.push(fb);
      part = { id: gap.id, ...rest, fraction, weight: 1 / n };
    } else {
      part = { ...gradeChosenGap(gap.id, given, gap.answers), weight: 1 / n };
      const fb = gap.answers.find((a) => a.text === part.expected && part.verdict === "correct")?.feedback;
      if (fb) feedback.push(fb);
    }
    sum += part.fraction;
    parts.push(part);
  }
  return { fraction: sum / n, parts, feedback };
}

/** Dropdown and word-bank gaps: the learner picked a text, so it is right or a wrong option, never a typo. */
function gradeChosenGap(id: string, given: string | undefined, answers: GapFillItem["gaps"][number]["answers"]) {
  const best = [...answers].sort((a, b) => b.fraction - a.fraction)[0]!;
  const value = basicNormalize(given ?? "");
  if (!value) {
    return {
      id,
      response: null,
      expected: best.text,
      verdict: "blank" as const,
      notes: [],
      errors: blankError(best.text),
      fraction: 0,
    };
  }
  let match: (typeof answers)[number] | undefined;
  for (const a of answers) {
    const t = basicNormalize(a.text);
    if ((t === value || t.toLowerCase() === value.toLowerCase()) && (!match || a.fraction > match.fraction)) match = a;
  }
  const fraction = match?.fraction ?? 0;
  const right = fraction > 0;
  return {
    id,
    response: value,
    expected: right ? match!.text : best.text,
    verdict: right ? ("correct" as const) : ("incorrect" as const),
    notes: [],
    errors: right ? [] : choiceErrors(best.text, value),
    fraction,
  };
}
