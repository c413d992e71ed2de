/** matching: each left side to one of the right sides (plus distractors). */
import { seededShuffle } from "../../content/shuffle.ts";
import type { ItemModule } from "../item-module.ts";
import { only } from "../response-checks.ts";
import { gift } from "./gift.ts";
import { gradeMatching } from "./grade.ts";
import { qti } from "./qti.ts";

export const matching: ItemModule<"matching"> = {
  type: "matching",
  grade: gradeMatching,
  studentView(item, base, { random, shuffle }) {
    const lefts = item.pairs.map((p) => p.left);
    const rights = [...new Set([...item.pairs.map((p) => p.right), ...(item.distractors ?? [])])];
    return { ...base, lefts: shuffle ? seededShuffle(lefts, random) : lefts, rights: seededShuffle(rights, random) };
  },
  responseProblem(item, r) {
    if (!only(r, "matches")) return "expected {matches: {left: right}}";
    const lefts = new Set(item.pairs.map((p) => p.left));
    return Object.keys(r.matches!).every((l) => lefts.has(l)) ? null : "matched a left side this item does not have";
  },
  normalizedText(item, r) {
    const m = r.matches ?? {};
    if (!Object.keys(m).length) return null;
    return item.pairs.map((p) => `${p.left} = ${m[p.left] ?? ""}`).join(" ; ");
  },
  statistics: null,
  qti,
  gift,
};
