/**
 * ordering ↔ orderInteraction, the right order as the correct response and each alternative order as one more
 * rule. Our partial credit (units kept in order) has no QTI expression: only a whole right order scores.
 */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { choicesOf, interactions, interactionText, promptNodes } from "../../formats/qti/items/common.ts";
import { baseValue, num, readCorrect, responseDeclaration, setScore, variable } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { descendants, el, elements, textOf, type XElement } from "../../formats/xml/tree.ts";

type Ordering = Item & { type: "ordering" };

export const qti: ItemMapping<Ordering> = {
  write(item, env) {
    const warnings = ["partial credit for units in the right relative order is lost: only a whole right order scores"];
    const ids = item.sequence.map((_, i) => `U${i + 1}`);
    // An alternative order as identifiers: each unit takes the first identifier of that text not yet used.
    const asIds = (order: string[]) => {
      const free = [...ids];
      return order.map((u) => {
        const k = free.findIndex((id) => item.sequence[ids.indexOf(id)] === u);
        return free.splice(k, 1)[0] as string;
      });
    };
    const orders = [ids, ...(item.alternatives ?? []).map(asIds)];
    const rules = orders.map((o, i) =>
      el(
        i === 0 ? "responseIf" : "responseElseIf",
        {},
        el(
          "match",
          {},
          variable("RESPONSE"),
          i === 0
            ? el("correct", { identifier: "RESPONSE" })
            : el("ordered", {}, ...o.map((id) => baseValue("identifier", id))),
        ),
        setScore(baseValue("float", num(env.points))),
      ),
    );
    const interaction = el(
      "orderInteraction",
      {
        responseIdentifier: "RESPONSE",
        shuffle: "true",
        class: `lc-unit-${item.unit}`,
        orientation: item.unit === "word" ? "horizontal" : "vertical",
      },
      ...item.sequence.map((u, i) => el("simpleChoice", { identifier: ids[i] }, u)),
    );
    return {
      declarations: [responseDeclaration("RESPONSE", "ordered", "identifier", ids)],
      body: [...promptNodes(item, env, warnings), interaction],
      processing: [el("responseCondition", {}, ...rules, el("responseElse", {}, setScore(baseValue("float", 0))))],
      interaction: "orderInteraction",
      warnings,
    };
  },
};

export function readOrdering(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "orderInteraction")[0] as XElement;
  const id = interaction.attrs.responseIdentifier ?? "";
  const texts = new Map(choicesOf(interaction).map((c) => [c.attrs.identifier ?? "", textOf(c).trim()]));
  const correct = readCorrect(ctx.declarations.get(id));
  const sequence = (correct.length ? correct : [...texts.keys()]).map((k) => texts.get(k) ?? k);
  const alternatives: string[][] = [];
  for (const ordered of ctx.processing ? descendants(ctx.processing, "ordered") : []) {
    const alt = elements(ordered, "baseValue").map((b) => texts.get(textOf(b).trim()) ?? textOf(b).trim());
    if (alt.length === sequence.length && alt.join("\u0000") !== sequence.join("\u0000")) alternatives.push(alt);
  }
  const cls = interaction.attrs.class ?? "";
  const unit = cls.includes("lc-unit-sentence")
    ? "sentence"
    : cls.includes("lc-unit-word")
      ? "word"
      : interaction.attrs.orientation === "vertical"
        ? "sentence"
        : "word";
  return {
    type: "ordering",
    ...readPrompt(ctx.body.children, interactionText),
    unit,
    sequence,
    ...(alternatives.length ? { alternatives } : {}),
  };
}
