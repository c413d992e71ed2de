/** Tables of the integrations: API keys, outgoing webhooks, sent mail and reminders, operational alerts. */

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  name: string;
  role: "owner" | "admin" | "teacher" | "student";
  /** The first characters of the secret (`lc_AbCd1234`), not secret, so people can tell their keys apart. */
  prefix: string;
  /** SHA-256 of the whole secret: the secret is 256 random bits, so a slow hash would add nothing. */
  secret_hash: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  /** The signing secret, AES-256-GCM encrypted with a key derived from SESSION_SECRET (it must be readable to sign). */
  secret_encrypted: string;
  /** The secret before the last rotation, still signed with until `previous_secret_until` (migration 0009). */
  previous_secret_encrypted: string | null;
  previous_secret_until: string | null;
  active: number;
  /** When the current run of failures began; null after any success. */
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One event for one endpoint; its attempts are in webhook_attempts. */
export interface WebhookDeliveriesTable {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The exact JSON body that is signed and sent, fixed at fan-out so every attempt sends the same bytes. */
  body: string;
  status: "pending" | "succeeded" | "failed" | "cancelled";
  attempt_count: number;
  next_attempt_at: string | null;
  /** A worker holds the delivery until then, so two workers never send it at once. */
  locked_until: string | null;
  /** Automatic retries stop after this time. */
  give_up_at: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  organization_id: string;
  delivery_id: string;
  endpoint_id: string;
  attempted_at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  /** 1 for a redelivery asked for by hand. */
  manual: number;
}

/** A message sent for an outbox event to one recipient: the guard against mailing anyone twice for one event. */
export interface SentMailsTable {
  /** The event id, or a key of our own when one mail answers several events (`attempt-graded:<attemptId>`). */
  event_id: string;
  recipient: string;
  template: string;
  status: "sending" | "sent";
  created_at: string;
  sent_at: string | null;
}

export interface SentRemindersTable {
  assignment_id: string;
  student_id: string;
  organization_id: string;
  sent_at: string;
}

/** Jobs that failed their last attempt, from every process: what the "jobs keep failing" alert counts. */
export interface JobFailuresTable {
  id: string;
  job: string;
  error: string | null;
  failed_at: string;
}

/** The last alert per condition, so that a condition alerts at most once per interval across processes. */
export interface AlertStatesTable {
  condition: string;
  last_alert_at: string;
  detail: string | null;
}

export interface IntegrationsTables {
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  sent_mails: SentMailsTable;
  sent_reminders: SentRemindersTable;
  job_failures: JobFailuresTable;
  alert_states: AlertStatesTable;
}
