import { z } from "zod";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { listQuery, orgParams, pageOf };

/** The events an endpoint can subscribe to (the contract with integrators: add, never rename). */
export const WEBHOOK_EVENTS = [
  "attempt.submitted",
  "attempt.graded",
  "attempt.regraded",
  "assignment.created",
  "student.joined",
  "exercise.published",
  "import.completed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const url = z.string().trim().min(1, "is required").max(2048);
const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, "choose at least one event")
  .transform((list) => [...new Set(list)]);

export const webhookParams = orgParams.extend({ id: z.string().min(1).max(64) });
export const createWebhookBody = z.object({ url, events });
export const patchWebhookBody = z
  .object({ url: url.optional(), events: events.optional(), active: z.boolean().optional() })
  .refine((b) => b.url !== undefined || b.events !== undefined || b.active !== undefined, "nothing to change");

export const webhookDto = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  failingSince: z.string().nullable(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  previousSecretValidUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createdWebhookDto = webhookDto.extend({ secret: z.string() });

export const attemptDto = z.object({
  id: z.string(),
  attemptedAt: z.string(),
  statusCode: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  manual: z.boolean(),
});
/** Field names follow the web app's delivery log (web/src/api/dto.ts); `log` holds every attempt. */
export const deliveryDto = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  event: z.string(),
  status: z.enum(["pending", "succeeded", "failed", "cancelled"]),
  /** How many attempts were made. */
  attempts: z.number(),
  responseStatus: z.number().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  log: z.array(attemptDto),
});
