/**
 * numerical ↔ a float textEntryInteraction; each answer's value ± tolerance is a rule of response processing
 * (`equal` with an absolute tolerance), best answer first, as our grader takes the best matching answer.
 */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { interactions, interactionText, promptNodes } from "../../formats/qti/items/common.ts";
import {
  baseValue,
  num,
  readCorrect,
  responseDeclaration,
  roundFraction,
  setScore,
  variable,
} from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { descendants, el, elements, textOf, type XElement } from "../../formats/xml/tree.ts";

type Num = Item & { type: "numerical" };

export const qti: ItemMapping<Num> = {
  write(item, env) {
    const warnings: string[] = [];
    if (item.answers.some((a) => a.feedback)) warnings.push("per-answer feedback is not exported");
    const answers = [...item.answers].sort((a, b) => b.fraction - a.fraction);
    const rules = answers.map((a, i) =>
      el(
        i === 0 ? "responseIf" : "responseElseIf",
        {},
        el(
          "equal",
          {
            toleranceMode: "absolute",
            tolerance: `${num(a.tolerance)} ${num(a.tolerance)}`,
            includeLowerBound: "true",
            includeUpperBound: "true",
          },
          variable("RESPONSE"),
          baseValue("float", num(a.value)),
        ),
        setScore(baseValue("float", num(Math.max(0, a.fraction) * env.points))),
      ),
    );
    return {
      declarations: [responseDeclaration("RESPONSE", "single", "float", answers[0] ? [num(answers[0].value)] : [])],
      body: [
        ...promptNodes(item, env, warnings),
        el("p", {}, el("textEntryInteraction", { responseIdentifier: "RESPONSE", expectedLength: 10 })),
      ],
      processing: [
        el(
          "responseCondition",
          {},
          el("responseIf", {}, el("isNull", {}, variable("RESPONSE")), setScore(baseValue("float", 0))),
          el("responseElse", {}, el("responseCondition", {}, ...rules)),
        ),
      ],
      interaction: "textEntryInteraction",
      warnings,
    };
  },
};

export function isNumerical(ctx: ReadContext, entry: XElement): boolean {
  const t = ctx.declarations.get(entry.attrs.responseIdentifier ?? "")?.attrs.baseType;
  return t === "float" || t === "integer";
}

export function readNumerical(ctx: ReadContext): ItemInput {
  const entry = interactions(ctx.body, "textEntryInteraction")[0] as XElement;
  const id = entry.attrs.responseIdentifier ?? "";
  const answers: { value: number; tolerance: number; fraction: number }[] = [];
  // Our rules (and any like them): equal(variable, baseValue) with a tolerance, setting SCORE to a number.
  for (const rule of ctx.processing
    ? [...descendants(ctx.processing, "responseIf"), ...descendants(ctx.processing, "responseElseIf")]
    : []) {
    const equal = elements(rule, "equal")[0];
    const set = elements(rule, "setOutcomeValue").find((s) => s.attrs.identifier === "SCORE");
    if (!equal || !set || !elements(equal, "variable").some((v) => v.attrs.identifier === id)) continue;
    const value = Number(textOf(elements(equal, "baseValue")[0]));
    const tolerance =
      equal.attrs.toleranceMode === "exact" ? 0 : Number((equal.attrs.tolerance ?? "0").trim().split(/\s+/)[0]);
    const score = Number(textOf(elements(set, "baseValue")[0]));
    if (Number.isFinite(value) && Number.isFinite(tolerance) && Number.isFinite(score)) {
      answers.push({ value, tolerance, fraction: ctx.points > 0 ? roundFraction(Math.min(1, score / ctx.points)) : 1 });
    }
  }
  if (!answers.length) {
    for (const v of readCorrect(ctx.declarations.get(id)))
      answers.push({ value: Number(v), tolerance: 0, fraction: 1 });
  }
  return {
    type: "numerical",
    ...readPrompt(ctx.body.children, interactionText),
    answers,
  };
}
