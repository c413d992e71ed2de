/** The audit log (migration 0010_audit): one row per audited action, never updated. */

export interface AuditLogTable {
  /** UUIDv7, so the primary key orders rows by time. */
  id: string;
  organization_id: string;
  at: string;
  /** The person who acted; null for an API key or the system. */
  actor_user_id: string | null;
  /** The API key that acted, when no person did. */
  actor_api_key_id: string | null;
  /** `attempt.override`, `attempt.regraded`, `member.erased`… */
  action: string;
  /** `attempt`, `assignment`, `user`… */
  target_type: string;
  target_id: string;
  /** JSON object: what changed (old and new scores, the version…); never a secret or token. */
  details: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
