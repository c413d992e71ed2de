import { z } from "zod";

export const orgParams = z.object({ orgId: z.string().min(1).max(64) });
export const mediaParams = orgParams.extend({ id: z.string().min(1).max(64) });
export const listMediaQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const mediaDto = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  url: z.string(),
  createdAt: z.string(),
});
