/** description ↔ description (no answer). */
import type { Item } from "../../../content/schema.ts";
import type { MoodleMapping, Reader } from "../common.ts";

type Description = Item & { type: "description" };

export const description: MoodleMapping<Description> = {
  write() {
    return { moodleType: "description", warnings: [], fields: [] };
  },
};

export const readDescription: Reader = () => ({ type: "description", points: 0 });
