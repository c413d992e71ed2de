/** multiple_choice ↔ choiceInteraction (maxChoices 1, or 0 when several may be chosen); fractions in the mapping. */
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
import { fractionsOf, isIdentifier, mappedScore, responseDeclaration } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { el } from "../../formats/xml/tree.ts";

type MC = Item & { type: "multiple_choice" };

export const qti: ItemMapping<MC> = {
  write(item, env) {
    const warnings: string[] = [];
    const ids = item.options.map((o, i) => (o.id && isIdentifier(o.id) ? o.id : `option-${i + 1}`));
    if (item.options.some((o, i) => o.id !== ids[i]))
      warnings.push("option ids that are not QTI identifiers were renamed");
    const hasFeedback = item.options.some((o) => o.feedback);
    const best = Math.max(...item.options.map((o) => o.fraction));
    const correct = item.multiple
      ? ids.filter((_, i) => (item.options[i]?.fraction ?? 0) > 0)
      : [ids[item.options.findIndex((o) => o.fraction === best)] as string];
    const decl = responseDeclaration("RESPONSE", item.multiple ? "multiple" : "single", "identifier", correct, {
      entries: item.options.map((o, i) => ({ key: ids[i] as string, value: o.fraction * env.points })),
      lowerBound: 0,
      upperBound: env.points,
    });
    const interaction = el(
      "choiceInteraction",
      { responseIdentifier: "RESPONSE", shuffle: String(item.shuffle), maxChoices: item.multiple ? 0 : 1 },
      ...item.options.map((o, i) =>
        el("simpleChoice", { identifier: ids[i] }, o.text, choiceFeedback(ids[i] as string, o.feedback)),
      ),
    );
    return {
      declarations: [decl],
      body: [...promptNodes(item, env, warnings), interaction],
      processing: [...mappedScore(["RESPONSE"]), ...(hasFeedback ? [setFeedback()] : [])],
      outcomes: hasFeedback ? [feedbackOutcome(item.multiple ? "multiple" : "single")] : [],
      interaction: "choiceInteraction",
      warnings,
    };
  },
};

export function readMultipleChoice(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "choiceInteraction")[0];
  if (!interaction) throw new Error("no choiceInteraction");
  const decl = ctx.declarations.get(interaction.attrs.responseIdentifier ?? "");
  const fractions = fractionsOf(decl, ctx.points);
  const max = Number(interaction.attrs.maxChoices ?? 1);
  const options = choicesOf(interaction).map((c) => ({
    id: c.attrs.identifier,
    ...choiceParts(c),
    fraction: fractions.get(c.attrs.identifier ?? "") ?? 0,
  }));
  return {
    type: "multiple_choice",
    ...readPrompt(ctx.body.children, interactionText),
    multiple: max !== 1 || decl?.attrs.cardinality === "multiple",
    shuffle: interaction.attrs.shuffle === "true",
    options,
  };
}
