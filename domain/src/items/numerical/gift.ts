/** The numerical item in GIFT (docs/formats/gift.md). */
import { fb, type GiftMapping, general, head, numberText } from "../../formats/gift/item-parts.ts";
import { fractionToWeight } from "../../formats/gift/lexer.ts";
import { isCatchAllAnswer, type NumericalItem } from "./schema.ts";

export const gift: GiftMapping<NumericalItem> = {
  write(item) {
    const h = head(item);
    const spec = (a: { value: number; tolerance: number }) =>
      `${numberText(a.value)}${a.tolerance ? `:${numberText(a.tolerance)}` : ""}`;
    const only = item.answers[0];
    if (item.answers.length === 1 && only && only.fraction === 1)
      return `${h} {#${spec(only)}${fb(only.feedback)}${general(item)}}`;
    const lines = item.answers.map((a) =>
      isCatchAllAnswer(a)
        ? `~${a.fraction === 0 ? "" : `%${fractionToWeight(a.fraction)}%`}${fb(a.feedback) || "#"}`
        : `=${a.fraction === 1 ? "" : `%${fractionToWeight(a.fraction)}%`}${spec(a)}${fb(a.feedback)}`,
    );
    return `${h} {#\n${lines.map((l) => `\t${l}`).join("\n")}\n${general(item) ? `\t${general(item)}\n` : ""}}`;
  },
};
