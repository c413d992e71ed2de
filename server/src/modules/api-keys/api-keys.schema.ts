import { z } from "zod";
import { roleEnum } from "../identity/identity.schema.ts";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { listQuery, orgParams, pageOf };
export const apiKeyParams = orgParams.extend({ id: z.string().min(1).max(64) });
export const createApiKeyBody = z.object({ name: z.string().trim().min(1, "is required").max(255), role: roleEnum });

export const apiKeyDto = z.object({
  id: z.string(),
  name: z.string(),
  role: roleEnum,
  /** The start of the secret, to recognise a key; never enough to use it. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const createdApiKeyDto = apiKeyDto.extend({ secret: z.string() });
