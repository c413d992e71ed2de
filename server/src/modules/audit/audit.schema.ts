import { z } from "zod";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { orgParams, pageOf };
export const auditQuery = listQuery.extend({
  targetType: z.string().min(1).max(32).optional(),
  targetId: z.string().min(1).max(64).optional(),
});

export const auditEntryDto = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    type: z.enum(["user", "api_key", "system"]),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  details: z.record(z.string(), z.unknown()),
});
