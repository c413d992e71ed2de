/** gap_fill: `[[id]]` gaps in the prompt, typed, chosen from a dropdown, or taken from a word bank. */

import type { StudentItem } from "../../api/types.ts";
import { seededShuffle } from "../../content/shuffle.ts";
import { normalizeResponseText } from "../../grading/normalize.ts";
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeGapFill } from "./grade.ts";
import { qti } from "./qti.ts";

export const gapFill: ItemModule<"gap_fill"> = {
  type: "gap_fill",
  grade: gradeGapFill,
  studentView(item, base, { random }) {
    const gaps = item.gaps.map((g) =>
      item.mode === "dropdown" && g.options
        ? // Authors tend to write the right option first: always shuffled, or its place would give it away.
          { id: g.id, options: seededShuffle(g.options, random) }
        : { id: g.id },
    );
    const view: StudentItem = { ...base, mode: item.mode, gaps };
    if (item.mode === "word_bank") {
      // One right answer per gap (the best one) plus the distractors: the bank must not list every accepted form.
      const best = item.gaps.map((g) => [...g.answers].sort((a, b) => b.fraction - a.fraction)[0]?.text ?? "");
      view.bank = seededShuffle([...best, ...(item.distractors ?? [])], random);
    }
    return view;
  },
  responseProblem(item, r) {
    if (!only(r, "gaps")) return "expected {gaps: {gapId: text}}";
    const ids = new Set(item.gaps.map((g) => g.id));
    return Object.keys(r.gaps!).every((id) => ids.has(id)) ? null : "answered a gap this item does not have";
  },
  normalizedText(item, r) {
    const gaps = r.gaps ?? {};
    if (!Object.values(gaps).some((v) => v.trim())) return null;
    // Gaps in gap order, so that equal answers group whatever order the student filled them in.
    return item.gaps
      .map((g) => normalizeResponseText(gaps[g.id] ?? "", { caseSensitive: item.caseSensitive }))
      .join(" | ");
  },
  statistics: "typed",
  qti,
  gift,
};
