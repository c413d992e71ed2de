/** essay ↔ extendedTextInteraction, scored by a teacher (no response processing). */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { interactions, interactionText, promptNodes } from "../../formats/qti/items/common.ts";
import { responseDeclaration } from "../../formats/qti/processing.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";
import { el } from "../../formats/xml/tree.ts";

type Essay = Item & { type: "essay" };

export const qti: ItemMapping<Essay> = {
  write(item, env) {
    const warnings: string[] = [];
    const limits = item.minWords !== undefined || item.maxWords !== undefined;
    // QTI limits characters, not words: the limits travel as classes that only Language Cloud reads back.
    if (limits)
      warnings.push(
        "the word limits are kept only as classes Language Cloud reads back: QTI players do not enforce them",
      );
    const cls = [
      item.minWords !== undefined ? `lc-min-words-${item.minWords}` : "",
      item.maxWords !== undefined ? `lc-max-words-${item.maxWords}` : "",
    ].filter(Boolean);
    if (item.rubric?.length) warnings.push("the rubric is lost");
    return {
      declarations: [responseDeclaration("RESPONSE", "single", "string", [])],
      body: [
        ...promptNodes(item, env, warnings),
        el("extendedTextInteraction", {
          responseIdentifier: "RESPONSE",
          expectedLines: 10,
          class: cls.length ? cls.join(" ") : undefined,
        }),
      ],
      processing: [],
      interaction: "extendedTextInteraction",
      warnings,
    };
  },
};

export function readEssay(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "extendedTextInteraction")[0];
  const cls = interaction?.attrs.class ?? "";
  const limit = (name: string) => {
    const m = new RegExp(`(?:^|\\s)lc-${name}-words-(\\d+)(?:\\s|$)`).exec(cls);
    return m ? { [`${name}Words`]: Number(m[1]) } : {};
  };
  return {
    type: "essay",
    ...readPrompt(ctx.body.children, interactionText),
    ...limit("min"),
    ...limit("max"),
  };
}
