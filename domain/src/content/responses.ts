/** The response shapes per item type (content-model.md, "response" column). */
import { z } from "zod";

export const responseSchema = z.union([
  z.object({ selected: z.array(z.string().max(64)).max(100) }).strict(),
  z.object({ value: z.union([z.boolean(), z.number().finite(), z.null()]) }).strict(),
  z.object({ text: z.string().max(50000) }).strict(),
  z.object({ gaps: z.record(z.string().max(64), z.string().max(1000)) }).strict(),
  z.object({ matches: z.record(z.string().max(1000), z.string().max(1000)) }).strict(),
  z.object({ sequence: z.array(z.string().max(2000)).max(200) }).strict(),
  z.object({ marked: z.array(z.number().int().min(0)).max(5000) }).strict(),
]);

export type Response = {
  selected?: string[];
  value?: boolean | number | null;
  text?: string;
  gaps?: Record<string, string>;
  matches?: Record<string, string>;
  sequence?: string[];
  marked?: number[];
};
