/**
 * The audit log. Services call `recordAudit(trx, …)` inside the transaction that makes the change, so a record
 * exists exactly when the change committed (like the outbox). Reading is for admins: `GET /orgs/{org}/audit`.
 */
import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { decodeCursor, page } from "../../lib/cursor.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import type { Principal } from "../../plugins/access.ts";
import { presentAudit } from "./audit.presenter.ts";
import * as repo from "./audit.repository.ts";

/** Who acted: a person, an API key, or the system (a job) when both are null. */
export interface AuditActor {
  userId: string | null;
  apiKeyId?: string | null;
}

export interface AuditEntry {
  organizationId: string;
  actor: AuditActor;
  /** Dotted like event types: `attempt.override`, `attempt.override_removed`, `attempt.regraded`, `member.erased`. */
  action: string;
  target: { type: string; id: string };
  /** What changed. Keys that look like secrets are dropped, whatever a caller passes. */
  details?: Record<string, unknown>;
}

/** The actor of a request: the signed-in person, or the API key. */
export function actorOf(principal: Principal | null | undefined): AuditActor {
  if (!principal) return { userId: null };
  return { userId: principal.userId, apiKeyId: principal.userId ? null : (principal.apiKey?.id ?? null) };
}

const SECRET_KEY = /secret|token|password|hash|authorization|cookie/i;

function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = withoutSecrets(v, depth + 1);
  return out;
}

export async function recordAudit(trx: Executor, entry: AuditEntry): Promise<string> {
  const id = newId();
  await repo.insertAudit(trx, {
    id,
    organization_id: entry.organizationId,
    at: nowIso(),
    actor_user_id: entry.actor.userId,
    actor_api_key_id: entry.actor.userId ? null : (entry.actor.apiKeyId ?? null),
    action: entry.action,
    target_type: entry.target.type,
    target_id: entry.target.id,
    details: JSON.stringify(withoutSecrets(entry.details ?? {})),
  });
  return id;
}

const isIdCursor = (v: unknown): v is string => typeof v === "string";

export async function listAudit(
  ctx: AppContext,
  organizationId: string,
  q: { limit: number; cursor?: string; targetType?: string; targetId?: string },
) {
  const beforeId = decodeCursor(q.cursor, isIdCursor);
  // The primary: an admin who just acted expects to see it.
  const rows = await repo.listAudit(ctx.database.db, organizationId, {
    limit: q.limit + 1,
    beforeId,
    targetType: q.targetType,
    targetId: q.targetId,
  });
  const { rows: kept, nextCursor } = page(rows, q.limit, (r) => r.id);
  return { items: kept.map(presentAudit), nextCursor };
}
