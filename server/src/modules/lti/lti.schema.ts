import { z } from "zod";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { listQuery, orgParams, pageOf };

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//.test(u), "must be an http or https URL");
const ext = z.string().trim().min(1, "is required").max(255);

export const platformParams = orgParams.extend({ id: z.string().min(1).max(64) });
export const createPlatformBody = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  issuer: ext,
  clientId: ext,
  deploymentIds: z
    .array(ext)
    .min(1, "give at least one deployment id")
    .transform((l) => [...new Set(l)]),
  authLoginUrl: httpUrl,
  authTokenUrl: httpUrl,
  jwksUrl: httpUrl,
});
export const patchPlatformBody = createPlatformBody
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), "nothing to change");

export const toolDto = z.object({
  loginUrl: z.string(),
  launchUrl: z.string(),
  jwksUrl: z.string(),
  deepLinkingUrl: z.string(),
  redirectUris: z.array(z.string()),
});
export const platformDto = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  deploymentIds: z.array(z.string()),
  authLoginUrl: z.string(),
  authTokenUrl: z.string(),
  jwksUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  tool: toolDto,
});

export const launchDto = z.object({
  id: z.string(),
  platformId: z.string().nullable(),
  messageType: z.string().nullable(),
  userId: z.string().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export const scoreDeliveryDto = z.object({
  id: z.string(),
  platformId: z.string(),
  attemptId: z.string(),
  lineItemUrl: z.string(),
  userId: z.string(),
  scoreGiven: z.number().nullable(),
  scoreMaximum: z.number().nullable(),
  gradingProgress: z.string().nullable(),
  status: z.string(),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export const sessionBody = z.object({ ticket: z.string().min(1).max(200) });
export const sessionDto = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  organization: z.object({ id: z.string(), name: z.string() }),
  role: z.string(),
  classId: z.string().optional(),
  assignmentId: z.string().optional(),
  deepLinkRequestId: z.string().optional(),
});

export const deepLinkParams = z.object({ requestId: z.string().min(1).max(64) });
export const deepLinkBody = z.object({
  exerciseIds: z
    .array(z.string().min(1).max(64))
    .min(1, "choose at least one exercise")
    .max(50)
    .transform((l) => [...new Set(l)]),
});
export const rosterParams = orgParams.extend({ id: z.string().min(1).max(64) });
export const rosterDto = z.object({ added: z.number(), left: z.number(), members: z.number() });
export const rosterStatusDto = z.object({
  platform: z.string(),
  rosterService: z.boolean(),
  syncedAt: z.string().nullable(),
});
