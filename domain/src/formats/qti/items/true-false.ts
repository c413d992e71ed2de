/** true_false ↔ choiceInteraction with the two choices `true` and `false` (one of them correct). */
import type { Item } from "../../../content/schema.ts";
import type { ItemInput } from "../../errors.ts";
import { el, textOf, type XElement } from "../../xml/tree.ts";
import { readPrompt } from "../body.ts";
import { mappedScore, readCorrect, responseDeclaration } from "../processing.ts";
import type { ItemMapping, ReadContext } from "../types.ts";
import { choicesOf, interactions, interactionText, promptNodes } from "./common.ts";

type TF = Item & { type: "true_false" };

export const trueFalse: ItemMapping<TF> = {
  write(item, env) {
    const warnings: string[] = [];
    if (item.feedbackTrue || item.feedbackFalse) warnings.push("the feedback for True and False is not exported");
    const decl = responseDeclaration("RESPONSE", "single", "identifier", [String(item.answer)], {
      entries: [{ key: String(item.answer), value: env.points }],
      lowerBound: 0,
      upperBound: env.points,
    });
    const interaction = el(
      "choiceInteraction",
      { responseIdentifier: "RESPONSE", shuffle: "false", maxChoices: 1 },
      el("simpleChoice", { identifier: "true" }, "True"),
      el("simpleChoice", { identifier: "false" }, "False"),
    );
    return {
      declarations: [decl],
      body: [...promptNodes(item, env, warnings), interaction],
      processing: mappedScore(["RESPONSE"]),
      interaction: "choiceInteraction",
      warnings,
    };
  },
};

/** A single-choice interaction between exactly "true" and "false" reads as true_false. */
export function isTrueFalse(interaction: XElement): boolean {
  const choices = choicesOf(interaction);
  if (choices.length !== 2 || Number(interaction.attrs.maxChoices ?? 1) !== 1) return false;
  const names = choices.map((c) => `${c.attrs.identifier}`.toLowerCase()).sort();
  const texts = choices.map((c) => textOf(c).trim().toLowerCase()).sort();
  return (names[0] === "false" && names[1] === "true") || (texts[0] === "false" && texts[1] === "true");
}

export function readTrueFalse(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "choiceInteraction")[0] as XElement;
  const correct = readCorrect(ctx.declarations.get(interaction.attrs.responseIdentifier ?? ""))[0];
  const chosen = choicesOf(interaction).find((c) => c.attrs.identifier === correct);
  const isTrue = chosen
    ? `${chosen.attrs.identifier}`.toLowerCase() === "true" || textOf(chosen).trim().toLowerCase() === "true"
    : true;
  return {
    type: "true_false",
    ...readPrompt(ctx.body.children, interactionText),
    answer: isTrue,
  };
}
