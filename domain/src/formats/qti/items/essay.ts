/** essay ↔ extendedTextInteraction, scored by a teacher (no response processing). */
import type { Item } from "../../../content/schema.ts";
import type { ItemInput } from "../../errors.ts";
import { el } from "../../xml/tree.ts";
import { readPrompt } from "../body.ts";
import { responseDeclaration } from "../processing.ts";
import type { ItemMapping, ReadContext } from "../types.ts";
import { isInteraction, promptNodes } from "./common.ts";

type Essay = Item & { type: "essay" };

export const essay: ItemMapping<Essay> = {
  write(item, env) {
    const warnings: string[] = [];
    if (item.minWords !== undefined || item.maxWords !== undefined) warnings.push("the word limits are lost (QTI counts characters, not words)");
    if (item.rubric?.length) warnings.push("the rubric is lost");
    return {
      declarations: [responseDeclaration("RESPONSE", "single", "string", [])],
      body: [...promptNodes(item, env, warnings), el("extendedTextInteraction", { responseIdentifier: "RESPONSE", expectedLines: 10 })],
      processing: [],
      interaction: "extendedTextInteraction",
      warnings,
    };
  },
};

export function readEssay(ctx: ReadContext): ItemInput {
  return { type: "essay", ...readPrompt(ctx.body.children, (e) => (isInteraction(e) ? "" : undefined)) };
}
