/** description ↔ an item with no interaction (QTI 2.1) or an assessment stimulus (QTI 3). */
import type { Item } from "../../../content/schema.ts";
import type { ItemInput } from "../../errors.ts";
import { readPrompt } from "../body.ts";
import type { ItemMapping, ReadContext } from "../types.ts";
import { promptNodes } from "./common.ts";

type Description = Item & { type: "description" };

export const description: ItemMapping<Description> = {
  write(item, env) {
    const warnings: string[] = [];
    return { declarations: [], body: promptNodes(item, env, warnings), processing: [], warnings };
  },
};

export function readDescription(ctx: ReadContext): ItemInput {
  return { type: "description", ...readPrompt(ctx.body.children, () => undefined) };
}
