/** short_answer ↔ shortanswer; numerical ↔ numerical (no units). */
import type { Item } from "../../../content/schema.ts";
import { child, el, textOf } from "../../xml/tree.ts";
import { answerEl, answersOf, isMoodleGrade, isTrue, type MoodleMapping, type Reader } from "../common.ts";

type SA = Item & { type: "short_answer" };
type Num = Item & { type: "numerical" };

export function typedWarnings(tolerance: "exact" | "typos"): string[] {
  return [
    "Moodle compares answers exactly: English-aware equivalence (contractions, spelling variants) is lost",
    ...(tolerance === "typos" ? ["typo tolerance is lost"] : []),
  ];
}

export const shortanswer: MoodleMapping<SA> = {
  write(item) {
    const warnings = typedWarnings(item.tolerance);
    if (item.answers.some((a) => !isMoodleGrade(a.fraction)))
      warnings.push("a fraction is not one of Moodle's grades; Moodle rounds it to the nearest");
    return {
      moodleType: "shortanswer",
      warnings,
      fields: [
        el("usecase", {}, item.caseSensitive ? "1" : "0"),
        ...item.answers.map((a) => answerEl(a.fraction, a.text, a.feedback, [], "moodle_auto_format")),
      ],
    };
  },
};

export const readShortanswer: Reader = (q) => {
  const usecase = child(q, "usecase");
  return {
    type: "short_answer",
    caseSensitive: usecase ? isTrue(textOf(usecase)) : false,
    tolerance: "exact",
    answers: answersOf(q).map((a) => ({
      text: a.text,
      fraction: a.fraction,
      ...(a.feedback ? { feedback: a.feedback } : {}),
    })),
  };
};

export const numerical: MoodleMapping<Num> = {
  write(item) {
    return {
      moodleType: "numerical",
      warnings: [],
      fields: item.answers.map((a) =>
        answerEl(
          a.fraction,
          String(a.value),
          a.feedback,
          [el("tolerance", {}, String(a.tolerance))],
          "moodle_auto_format",
        ),
      ),
    };
  },
};

export const readNumerical: Reader = (q, _base, warnings) => {
  if (child(q, "units") && child(child(q, "units")!, "unit")) warnings.push("units are not imported");
  return {
    type: "numerical",
    answers: answersOf(q).flatMap((a) => {
      // Moodle's "*" answer accepts any number: no value to compare with, so it is left out.
      if (a.text.trim() === "*") {
        warnings.push('the "*" (any number) answer is not imported');
        return [];
      }
      const tol = child(a.node, "tolerance");
      return [
        {
          value: Number(a.text.trim()),
          tolerance: tol ? Number(textOf(tol).trim() || 0) : 0,
          fraction: a.fraction,
          ...(a.feedback ? { feedback: a.feedback } : {}),
        },
      ];
    }),
  };
};
