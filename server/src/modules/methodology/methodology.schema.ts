import { ATTEMPT_POLICIES } from "@languagecloud/domain";
import { z } from "zod";

export const exerciseParams = z.object({ orgId: z.string().min(1).max(64), id: z.string().min(1).max(64) });

const versionNumber = z.coerce.number().int().min(1).max(1_000_000);

export const compareQuery = z.object({
  from: versionNumber,
  to: versionNumber,
  attempts: z.enum(ATTEMPT_POLICIES as unknown as ["first", "last", "best", "all"]).default("first"),
});
