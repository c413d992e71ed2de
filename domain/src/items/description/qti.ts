/** description ↔ an item with no interaction (QTI 2.1) or an assessment stimulus (QTI 3). */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { promptNodes } from "../../formats/qti/items/common.ts";
import type { ItemMapping, ReadContext } from "../../formats/qti/types.ts";

type Description = Item & { type: "description" };

export const qti: ItemMapping<Description> = {
  write(item, env) {
    const warnings: string[] = [];
    return { declarations: [], body: promptNodes(item, env, warnings), processing: [], warnings };
  },
};

export function readDescription(ctx: ReadContext): ItemInput {
  return { type: "description", ...readPrompt(ctx.body.children, () => undefined) };
}
