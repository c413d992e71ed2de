import type { AuditListRow } from "./audit.repository.ts";

export function presentAudit(r: AuditListRow) {
  const actor = r.actor_user_id
    ? { type: "user" as const, id: r.actor_user_id, name: r.actor_user_name ?? null }
    : r.actor_api_key_id
      ? { type: "api_key" as const, id: r.actor_api_key_id, name: r.actor_key_name ?? null }
      : { type: "system" as const, id: null, name: null };
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    // A row is written by recordAudit only; an unreadable one still lists.
  }
  return { id: r.id, at: r.at, actor, action: r.action, target: { type: r.target_type, id: r.target_id }, details };
}
