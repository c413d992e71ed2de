/** matching ↔ matchInteraction: left sides and right sides (with the distractors) as two sets, pairs mapped. */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { interactions, interactionText, promptNodes } from "../../formats/qti/items/common.ts";
import { fractionsOf, mappedScore, responseDeclaration } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { el, elements, textOf, type XElement } from "../../formats/xml/tree.ts";

type Matching = Item & { type: "matching" };

export const qti: ItemMapping<Matching> = {
  write(item, env) {
    const warnings: string[] = [];
    const rights = [...new Set([...item.pairs.map((p) => p.right), ...(item.distractors ?? [])])];
    const pair = (p: { left: string; right: string }, i: number) => `L${i + 1} R${rights.indexOf(p.right) + 1}`;
    const decl = responseDeclaration("RESPONSE", "multiple", "directedPair", item.pairs.map(pair), {
      entries: item.pairs.map((p, i) => ({ key: pair(p, i), value: env.points / item.pairs.length })),
      lowerBound: 0,
      upperBound: env.points,
    });
    const interaction = el(
      "matchInteraction",
      { responseIdentifier: "RESPONSE", shuffle: "false", maxAssociations: item.pairs.length },
      el(
        "simpleMatchSet",
        {},
        ...item.pairs.map((p, i) => el("simpleAssociableChoice", { identifier: `L${i + 1}`, matchMax: 1 }, p.left)),
      ),
      el(
        "simpleMatchSet",
        {},
        ...rights.map((r, j) =>
          el("simpleAssociableChoice", { identifier: `R${j + 1}`, matchMax: item.pairs.length }, r),
        ),
      ),
    );
    return {
      declarations: [decl],
      body: [...promptNodes(item, env, warnings), interaction],
      processing: mappedScore(["RESPONSE"]),
      interaction: "matchInteraction",
      warnings,
    };
  },
};

export function readMatching(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "matchInteraction")[0] as XElement;
  const [leftSet, rightSet] = elements(interaction, "simpleMatchSet");
  const texts = (set: XElement | undefined) =>
    new Map(
      elements(set ?? { name: "", attrs: {}, children: [] }, "simpleAssociableChoice").map((c) => [
        c.attrs.identifier ?? "",
        textOf(c).trim(),
      ]),
    );
  const lefts = texts(leftSet);
  const rights = texts(rightSet);
  const fractions = fractionsOf(ctx.declarations.get(interaction.attrs.responseIdentifier ?? ""), ctx.points);
  const pairs: { left: string; right: string }[] = [];
  for (const [key, fraction] of fractions) {
    if (fraction <= 0) continue;
    const [l, r] = key.trim().split(/\s+/) as [string, string];
    // Either direction: a directedPair names the source first, and some tools put the right-hand set first.
    const left = lefts.get(l) ?? lefts.get(r);
    const right = rights.get(r) ?? rights.get(l);
    if (left !== undefined && right !== undefined && !pairs.some((p) => p.left === left)) pairs.push({ left, right });
  }
  const used = new Set(pairs.map((p) => p.right));
  const distractors = [...rights.values()].filter((r) => !used.has(r));
  const order = [...lefts.values()];
  pairs.sort((a, b) => order.indexOf(a.left) - order.indexOf(b.left));
  return {
    type: "matching",
    ...readPrompt(ctx.body.children, interactionText),
    pairs,
    ...(distractors.length ? { distractors } : {}),
  };
}
