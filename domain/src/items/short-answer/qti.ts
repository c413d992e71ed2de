/** short_answer ↔ one textEntryInteraction in a paragraph of its own; answers in a mapping (case as the item says). */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { interactions, interactionText, promptNodes } from "../../formats/qti/items/common.ts";
import { typedWarnings } from "../../formats/qti/items/typed.ts";
import { fractionsOf, mappedScore, readMapping, responseDeclaration } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { el, type XElement } from "../../formats/xml/tree.ts";

type SA = Item & { type: "short_answer" };

export const qti: ItemMapping<SA> = {
  write(item, env) {
    const warnings: string[] = [];
    typedWarnings(warnings, item, item.answers);
    const best = [...item.answers].sort((a, b) => b.fraction - a.fraction)[0];
    const decl = responseDeclaration("RESPONSE", "single", "string", best ? [best.text] : [], {
      entries: item.answers.map((a) => ({
        key: a.text,
        value: a.fraction * env.points,
        caseSensitive: item.caseSensitive,
      })),
      lowerBound: 0,
      upperBound: env.points,
    });
    const longest = Math.max(...item.answers.map((a) => a.text.length));
    return {
      declarations: [decl],
      body: [
        ...promptNodes(item, env, warnings),
        el(
          "p",
          {},
          el("textEntryInteraction", { responseIdentifier: "RESPONSE", expectedLength: Math.max(10, longest) }),
        ),
      ],
      processing: mappedScore(["RESPONSE"]),
      interaction: "textEntryInteraction",
      warnings,
    };
  },
};

/** One text entry standing alone in the last paragraph: a short answer (anywhere else it is a gap). */
export function isShortAnswer(body: XElement, entry: XElement): boolean {
  const blocks = body.children.filter((c): c is XElement => typeof c !== "string");
  const last = blocks[blocks.length - 1];
  if (!last) return false;
  const only = last.children.filter((c) => typeof c !== "string" || c.trim() !== "");
  return only.length === 1 && only[0] === entry;
}

export function readShortAnswer(ctx: ReadContext): ItemInput {
  const entry = interactions(ctx.body, "textEntryInteraction")[0] as XElement;
  const decl = ctx.declarations.get(entry.attrs.responseIdentifier ?? "");
  const fractions = fractionsOf(decl, ctx.points);
  const entries = readMapping(decl);
  const caseSensitive = entries.length ? entries.some((e) => e.caseSensitive === true) : false;
  return {
    type: "short_answer",
    ...readPrompt(ctx.body.children, interactionText),
    answers: [...fractions].map(([text, fraction]) => ({ text, fraction })),
    caseSensitive,
    tolerance: "exact",
  };
}
