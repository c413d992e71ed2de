import { z } from "zod";
import { orgParams } from "../organizations/organizations.schema.ts";

export { orgParams };

export const putSettingsBody = z.object({
  endpoint: z
    .string()
    .trim()
    .max(2048)
    .url()
    .refine((u) => /^https?:\/\//.test(u), "must be an http or https URL"),
  key: z.string().min(1, "is required").max(255),
  /** Omitted on an update: the stored secret stays. */
  secret: z.string().min(1).max(1000).optional(),
  enabled: z.boolean(),
  actor: z.enum(["account", "mbox"]).default("account"),
});

export const settingsDto = z.object({
  endpoint: z.string(),
  key: z.string(),
  enabled: z.boolean(),
  actor: z.enum(["account", "mbox"]),
  hasSecret: z.boolean(),
  updatedAt: z.string(),
  pending: z.number(),
  failed: z.number(),
});

export const testDto = z.object({
  ok: z.boolean(),
  status: z.number().nullable(),
  message: z.string(),
  statementId: z.string(),
});
