/** true_false ↔ choiceInteraction with the two choices `true` and `false` (one of them correct), feedback inline. */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import {
  choiceFeedback,
  choiceParts,
  choicesOf,
  feedbackOutcome,
  interactions,
  interactionText,
  promptNodes,
  setFeedback,
} from "../../formats/qti/items/common.ts";
import { mappedScore, readCorrect, responseDeclaration } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { el, type XElement } from "../../formats/xml/tree.ts";

type TF = Item & { type: "true_false" };

export const qti: ItemMapping<TF> = {
  write(item, env) {
    const warnings: string[] = [];
    const hasFeedback = !!(item.feedbackTrue || item.feedbackFalse);
    const decl = responseDeclaration("RESPONSE", "single", "identifier", [String(item.answer)], {
      entries: [{ key: String(item.answer), value: env.points }],
      lowerBound: 0,
      upperBound: env.points,
    });
    const interaction = el(
      "choiceInteraction",
      { responseIdentifier: "RESPONSE", shuffle: "false", maxChoices: 1 },
      el("simpleChoice", { identifier: "true" }, "True", choiceFeedback("true", item.feedbackTrue)),
      el("simpleChoice", { identifier: "false" }, "False", choiceFeedback("false", item.feedbackFalse)),
    );
    return {
      declarations: [decl],
      body: [...promptNodes(item, env, warnings), interaction],
      processing: [...mappedScore(["RESPONSE"]), ...(hasFeedback ? [setFeedback()] : [])],
      outcomes: hasFeedback ? [feedbackOutcome("single")] : [],
      interaction: "choiceInteraction",
      warnings,
    };
  },
};

const isChoice = (c: XElement, v: "true" | "false") =>
  `${c.attrs.identifier}`.toLowerCase() === v || choiceParts(c).text.toLowerCase() === v;

/** A single-choice interaction between exactly "true" and "false" reads as true_false. */
export function isTrueFalse(interaction: XElement): boolean {
  const choices = choicesOf(interaction);
  if (choices.length !== 2 || Number(interaction.attrs.maxChoices ?? 1) !== 1) return false;
  return choices.some((c) => isChoice(c, "true")) && choices.some((c) => isChoice(c, "false"));
}

export function readTrueFalse(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "choiceInteraction")[0] as XElement;
  const correct = readCorrect(ctx.declarations.get(interaction.attrs.responseIdentifier ?? ""))[0];
  const choices = choicesOf(interaction);
  const chosen = choices.find((c) => c.attrs.identifier === correct);
  const t = choices.find((c) => isChoice(c, "true"));
  const f = choices.find((c) => isChoice(c, "false"));
  const feedbackTrue = t ? choiceParts(t).feedback : undefined;
  const feedbackFalse = f ? choiceParts(f).feedback : undefined;
  return {
    type: "true_false",
    ...readPrompt(ctx.body.children, interactionText),
    answer: chosen ? isChoice(chosen, "true") : true,
    ...(feedbackTrue ? { feedbackTrue } : {}),
    ...(feedbackFalse ? { feedbackFalse } : {}),
  };
}
