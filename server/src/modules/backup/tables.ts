/**
 * Every table of the schema that holds an organization's or a person's data, and what the backup, the personal-data
 * export and the eraser do with it. `tables.coverage.test.ts` walks the live schema on each engine and fails when a
 * table with an organization- or user-referring column is missing here, or a user-referring column is not listed:
 * adding a table means adding one line below.
 *
 * Order matters: a restore inserts tables in this order, so a table comes after the tables its foreign keys name.
 */

/**
 * What erasing a person does to a column that names them, in the organization's rows:
 * - `reassign`: the column points to the anonymous placeholder (work a teacher made stays with the organization);
 * - `attempt`: the person's own work: reassigned to the placeholder (kept for the statistics), or deleted with
 *   `{"attempts": "delete"}`;
 * - `delete`: the row goes (memberships, tokens, mail);
 * - `account`: rows of the account itself (sessions, reset tokens): they go with the account, which goes only when
 *   the person belongs to no other organization.
 */
export type EraseRule = "reassign" | "attempt" | "delete" | "account";

export interface TableSpec {
  /**
   * How a row reaches its organization: its `organization_id` column, the organization row itself (`id`), the
   * users who are members (`members`), or not at all (`none`: global or account-only tables).
   */
  org: "organization_id" | "id" | "members" | "none";
  /** The primary key: backups read in this order (keyset batches) and compare canonically by it. */
  key: string[];
  /** Columns holding a user id, and what erasure does to them. */
  users?: Record<string, EraseRule>;
  /** Columns holding a person's email address (erasure deletes the row; the export includes it). */
  emails?: string[];
  /**
   * Text columns that may quote a person's id, email or xAPI pseudonym (JSON payloads, statements): erasure deletes
   * such rows.
   */
  mentions?: string[];
  /** Columns that may hold the person's id without being a reference to act on (exported, kept on erasure). */
  about?: string[];
  /** Rows about a person through a parent row: export and erasure follow `column` to `table`'s rows of them. */
  via?: { column: string; table: string };
  /** Columns never exported (secrets, hashes of tokens). */
  secret?: string[];
  /** `rows`: backed up; otherwise the reason it is not (credentials, deployment-local state). */
  backup: "rows" | { skip: string };
}

const CREDENTIALS = "credentials are never in an archive (operations.md): a restore asks for new ones";
const LOCAL = "state of this deployment's machinery, not of the organization";

export const TABLES = {
  organizations: { org: "id", key: ["id"], backup: "rows" },
  users: {
    org: "members",
    key: ["id"],
    users: { id: "account" },
    emails: ["email"],
    secret: ["password_hash"],
    backup: "rows",
  },
  memberships: {
    org: "organization_id",
    key: ["organization_id", "user_id"],
    users: { user_id: "delete" },
    backup: "rows",
  },
  sessions: { org: "none", key: ["id"], users: { user_id: "account" }, secret: ["id"], backup: { skip: CREDENTIALS } },
  password_resets: {
    org: "none",
    key: ["token_hash"],
    users: { user_id: "account" },
    secret: ["token_hash"],
    backup: { skip: CREDENTIALS },
  },
  invitations: {
    org: "organization_id",
    key: ["id"],
    users: { invited_by: "reassign" },
    emails: ["email"],
    secret: ["token_hash"],
    backup: { skip: CREDENTIALS },
  },
  events: {
    org: "organization_id",
    key: ["id"],
    mentions: ["payload"],
    backup: { skip: "the outbox: already handled here, and relaying it again would resend mail and webhooks" },
  },
  exercises: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  exercise_versions: { org: "organization_id", key: ["id"], users: { published_by: "reassign" }, backup: "rows" },
  exercise_labels: { org: "organization_id", key: ["exercise_id", "kind", "value"], backup: "rows" },
  media: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  imports: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  classes: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  class_students: {
    org: "organization_id",
    key: ["class_id", "user_id"],
    users: { user_id: "attempt" },
    backup: "rows",
  },
  assignments: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  attempts: { org: "organization_id", key: ["id"], users: { user_id: "attempt" }, backup: "rows" },
  attempt_drafts: {
    org: "organization_id",
    key: ["attempt_id", "item_id"],
    via: { column: "attempt_id", table: "attempts" },
    backup: "rows",
  },
  responses: {
    org: "organization_id",
    key: ["id"],
    users: { user_id: "attempt", graded_by: "reassign", overridden_by: "reassign" },
    backup: "rows",
  },
  response_grades: {
    org: "organization_id",
    key: ["id"],
    users: { graded_by: "reassign" },
    via: { column: "response_id", table: "responses" },
    backup: "rows",
  },
  // The review loop (migration 0010_review): one student's extension, and the regrade jobs of an assignment.
  assignment_extensions: {
    org: "organization_id",
    key: ["assignment_id", "user_id"],
    users: { user_id: "delete", created_by: "reassign" },
    backup: "rows",
  },
  regrade_jobs: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  idempotency_keys: {
    org: "organization_id",
    key: ["user_id", "key"],
    users: { user_id: "delete" },
    backup: { skip: CREDENTIALS },
  },
  job_locks: { org: "none", key: ["name"], backup: { skip: LOCAL } },
  processed_events: { org: "none", key: ["handler", "event_id"], backup: { skip: LOCAL } },
  api_keys: {
    org: "organization_id",
    key: ["id"],
    users: { created_by: "reassign" },
    secret: ["secret_hash"],
    backup: { skip: CREDENTIALS },
  },
  webhook_endpoints: {
    org: "organization_id",
    key: ["id"],
    users: { created_by: "reassign" },
    secret: ["secret_encrypted", "previous_secret_encrypted"],
    backup: { skip: `${CREDENTIALS} (endpoints are created again with new secrets)` },
  },
  webhook_deliveries: {
    org: "organization_id",
    key: ["id"],
    mentions: ["body"],
    backup: { skip: "delivery history of endpoints that a restore does not bring" },
  },
  webhook_attempts: {
    org: "organization_id",
    key: ["id"],
    backup: { skip: "delivery history of endpoints that a restore does not bring" },
  },
  sent_mails: {
    org: "none",
    key: ["event_id", "recipient"],
    emails: ["recipient"],
    backup: { skip: "the guard against mailing twice for one event of this deployment" },
  },
  sent_reminders: {
    org: "organization_id",
    key: ["assignment_id", "student_id"],
    users: { student_id: "attempt" },
    backup: "rows",
  },
  job_failures: { org: "none", key: ["id"], backup: { skip: LOCAL } },
  alert_states: { org: "none", key: ["condition"], backup: { skip: LOCAL } },
  stats_accumulators: { org: "organization_id", key: ["assignment_id"], backup: "rows" },
  stats_contributions: { org: "organization_id", key: ["attempt_id"], users: { user_id: "attempt" }, backup: "rows" },
  stats_snapshots: { org: "organization_id", key: ["assignment_id", "policy"], backup: "rows" },
  lti_platforms: { org: "organization_id", key: ["id"], backup: "rows" },
  lti_users: {
    org: "none",
    key: ["platform_id", "sub"],
    users: { user_id: "account" },
    backup: { skip: "reached through the platform only; people are linked again at their next launch" },
  },
  lti_contexts: { org: "organization_id", key: ["platform_id", "context_id"], backup: "rows" },
  lti_members: { org: "organization_id", key: ["class_id", "user_id"], users: { user_id: "delete" }, backup: "rows" },
  lti_links: { org: "organization_id", key: ["platform_id", "resource_link_id"], backup: "rows" },
  lti_tickets: { org: "organization_id", key: ["id"], users: { user_id: "delete" }, backup: { skip: CREDENTIALS } },
  lti_deep_link_requests: {
    org: "organization_id",
    key: ["id"],
    users: { user_id: "delete" },
    backup: { skip: "single-use requests of minutes, tied to this deployment's keys" },
  },
  lti_launches: { org: "organization_id", key: ["id"], users: { user_id: "delete" }, backup: { skip: LOCAL } },
  lti_scores: {
    org: "organization_id",
    key: ["id"],
    // The platform's id of the person (not ours): their scores on the way out go with them.
    users: { lti_user_id: "delete" },
    via: { column: "attempt_id", table: "attempts" },
    backup: { skip: "scores on their way to the platform from this deployment" },
  },
  xapi_settings: {
    org: "organization_id",
    key: ["organization_id"],
    secret: ["secret_sealed"],
    backup: { skip: CREDENTIALS },
  },
  // Statements on their way to the LRS (the LRS keeps the record); a person's go with them, queued or sent: their
  // actor is the person's pseudonym, which the eraser matches as a mention.
  xapi_statements: { org: "organization_id", key: ["id"], mentions: ["statement"], backup: { skip: LOCAL } },
  backup_exports: {
    org: "organization_id",
    key: ["id"],
    users: { requested_by: "reassign" },
    backup: { skip: "downloads of this deployment, which expire" },
  },
  audit_log: {
    org: "organization_id",
    key: ["id"],
    users: { actor_user_id: "reassign" },
    about: ["target_id"],
    backup: "rows",
  },
  class_calibrations: {
    org: "organization_id",
    key: ["class_id"],
    mentions: ["body"],
    backup: { skip: "derived from the attempts: the worker computes it again" },
  },
  practice_cards: { org: "organization_id", key: ["id"], users: { user_id: "delete" }, backup: "rows" },
  practice_reviews: {
    org: "organization_id",
    key: ["id"],
    users: { user_id: "delete" },
    mentions: ["result"],
    backup: "rows",
  },
  experiments: { org: "organization_id", key: ["id"], users: { created_by: "reassign" }, backup: "rows" },
  experiment_variants: { org: "organization_id", key: ["id"], backup: "rows" },
  experiment_assignments: { org: "organization_id", key: ["assignment_id"], backup: "rows" },
  experiment_participants: {
    org: "organization_id",
    key: ["experiment_id", "user_id"],
    users: { user_id: "attempt" },
    backup: "rows",
  },
  experiment_secrets: {
    org: "organization_id",
    key: ["organization_id"],
    secret: ["secret_encrypted"],
    backup: {
      skip: "the export's pseudonym key, sealed under this deployment's SESSION_SECRET: a restore makes a new one",
    },
  },
} satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

/** The registry as plain specs (the `satisfies` above keeps the literal keys for `TableName`). */
export const TABLE_SPECS: Record<string, TableSpec> = TABLES;

/** Tables whose rows a backup carries, in restore order. */
export function backedUpTables(): string[] {
  return Object.entries(TABLE_SPECS)
    .filter(([, spec]) => spec.backup === "rows")
    .map(([name]) => name);
}

/**
 * Does a column name refer to a user? The coverage test uses it on the live schema: ids of people (`user_id`,
 * `student_id`, `*_by`, `*_user_id`) and their addresses (`email`, `recipient`).
 */
export function refersToUser(column: string): boolean {
  return /^(user_id|student_id|teacher_id|actor_id|email|recipient)$|_by$|_user_id$|_email$/.test(column);
}

export function refersToOrganization(column: string): boolean {
  return column === "organization_id" || column === "org_id";
}

/**
 * A database handle for code that walks every registered table by name (backup, restore, export, erasure): the
 * registry, not the typed schema, says which tables and columns exist, so the table names are plain strings.
 */
// biome-ignore lint/suspicious/noExplicitAny: tables are reached by name from the registry, not from the typed schema
export type RegistryDb = import("kysely").Kysely<any>;

/** One row of a registered table, as the generic walkers see it. */
export type RegistryRow = Record<string, unknown>;
