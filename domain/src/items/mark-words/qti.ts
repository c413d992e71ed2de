/**
 * mark_words ↔ hottextInteraction: every word of the text is a hottext (identifier `t<index>`, the token index our
 * responses use); the words to find are the correct response. A right mark earns points/targets and a wrong one
 * takes as much away, never below 0 — our grader's formula.
 */
import { type Item, markWordsTokens } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { interactions, mediaNodes } from "../../formats/qti/items/common.ts";
import { mappedScore, readCorrect, responseDeclaration } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { el, textOf, type XElement, type XNode } from "../../formats/xml/tree.ts";

type MarkWords = Item & { type: "mark_words" };

export const qti: ItemMapping<MarkWords> = {
  write(item, env) {
    const warnings: string[] = [];
    if (item.promptFormat !== "plain") warnings.push("the text's formatting is lost: each word becomes a hottext");
    const tokens = markWordsTokens(item.prompt);
    const targets = tokens.filter((t) => t.target).length;
    const ids = tokens.map((_, i) => `t${i}`);
    const decl = responseDeclaration(
      "RESPONSE",
      "multiple",
      "identifier",
      ids.filter((_, i) => tokens[i]?.target),
      {
        entries: tokens.map((t, i) => ({
          key: ids[i] as string,
          value: ((t.target ? 1 : -1) * env.points) / Math.max(1, targets),
        })),
        lowerBound: 0,
        upperBound: env.points,
      },
    );
    const words: XNode[] = [];
    tokens.forEach((t, i) => {
      if (i > 0) words.push(" ");
      words.push(el("hottext", { identifier: ids[i] }, t.text));
    });
    const interaction = el(
      "hottextInteraction",
      { responseIdentifier: "RESPONSE", maxChoices: 0 },
      el("p", {}, ...words),
    );
    return {
      declarations: [decl],
      body: [...mediaNodes(env), interaction],
      processing: mappedScore(["RESPONSE"]),
      interaction: "hottextInteraction",
      warnings,
    };
  },
};

export function readMarkWords(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "hottextInteraction")[0] as XElement;
  const correct = new Set(readCorrect(ctx.declarations.get(interaction.attrs.responseIdentifier ?? "")));
  // The text in order, hottexts to find wrapped in *…*; text that is not a hottext stays as words too.
  const parts: string[] = [];
  const walk = (nodes: XNode[]) => {
    for (const n of nodes) {
      if (typeof n === "string") parts.push(n);
      else if (n.name === "hottext") {
        const word = textOf(n).trim().replace(/\*/g, "");
        parts.push(correct.has(n.attrs.identifier ?? "") && word ? `*${word}*` : word);
      } else if (n.name !== "prompt") {
        walk(n.children);
        if (["p", "div", "br"].includes(n.name)) parts.push(" ");
      }
    }
  };
  walk(interaction.children);
  const prompt = parts.join("").replace(/\s+/g, " ").trim();
  if (interactions(ctx.body, "hottextInteraction").some((h) => h !== interaction))
    ctx.warnings.push("only the first hottext interaction is read");
  return { type: "mark_words", prompt };
}
