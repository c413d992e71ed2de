/**
 * Exercise → GIFT. Writes what GIFT can express so that reading the output gives back the same items; the rest
 * is listed in a comment at the top rather than silently dropped.
 */
import type { Exercise, Item } from "../../content/schema.ts";
import { itemModule } from "../../items/registry.ts";

export interface SkippedItem {
  id?: string;
  type: Item["type"];
  reason: string;
}

/** GIFT text of an exercise, plus the items it had to leave out. */
export function toGift(exercise: Exercise): { text: string; skipped: SkippedItem[] } {
  const skipped: SkippedItem[] = [];
  const written: { item: Item; body: string }[] = [];
  for (const item of exercise.items) {
    const gift = itemModule(item).gift;
    const reason = gift.cannotWrite?.(item);
    if (reason) skipped.push({ ...(item.id ? { id: item.id } : {}), type: item.type, reason });
    else written.push({ item, body: gift.write(item) });
  }
  // Readers number items q1, q2… by position; write ids only when that would not give them back.
  const needIds = written.some(({ item }, k) => item.id !== `q${k + 1}`);
  const out: string[] = [`// ${oneLine(exercise.title)}`];
  if (skipped.length) {
    out.push("// Skipped, GIFT cannot express them:");
    for (const s of skipped) out.push(`//   ${s.id ?? "(no id)"} (${s.type}): ${s.reason}`);
  }
  let category: string | undefined;
  for (const { item, body } of written) {
    if (item.category !== category) {
      out.push("", `$CATEGORY: ${oneLine(item.category ?? "")}`.trimEnd());
      category = item.category;
    }
    const meta: string[] = [];
    if (needIds && item.id) meta.push(`[id:${item.id}]`);
    for (const tag of item.tags ?? []) if (!tag.includes("]")) meta.push(`[tag:${oneLine(tag)}]`);
    out.push("");
    if (meta.length) out.push(`// ${meta.join(" ")}`);
    out.push(body);
  }
  return { text: `${out.join("\n")}\n`, skipped };
}

export function writeGift(exercise: Exercise): string {
  return toGift(exercise).text;
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, " ");
}
