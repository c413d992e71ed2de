/**
 * LTI 1.3: platforms registered per organization, the tool's signing keys (private halves sealed), OIDC logins
 * (state + single-use nonce), the platform users, contexts and resource links mapped to our users, classes and
 * assignments, single-use launch tickets, deep-linking requests, and the logs of launches and score deliveries.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  const id = "varchar(36)";
  const ts = "varchar(32)";
  const ext = "varchar(255)"; // identifiers chosen by the platform (sub, context and link ids): 255 at most in LTI
  const url = "varchar(2048)";
  await db.schema
    .createTable("lti_platforms")
    .addColumn("id", id, (c) => c.primaryKey())
    .addColumn("organization_id", id, (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("issuer", ext, (c) => c.notNull())
    .addColumn("client_id", ext, (c) => c.notNull())
    .addColumn("deployment_ids", "text", (c) => c.notNull())
    .addColumn("auth_login_url", url, (c) => c.notNull())
    .addColumn("auth_token_url", url, (c) => c.notNull())
    .addColumn("jwks_url", url, (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    // A launch names only iss + aud: one registration per pair across all organizations.
    .addUniqueConstraint("lti_platforms_issuer_client_uq", ["issuer", "client_id"])
    .execute();
  await db.schema.createIndex("lti_platforms_org_idx").on("lti_platforms").columns(["organization_id", "id"]).execute();

  await db.schema
    .createTable("lti_keys")
    .addColumn("kid", "varchar(64)", (c) => c.primaryKey())
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("private_jwk_sealed", "text", (c) => c.notNull())
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("retired_at", ts)
    .execute();

  await db.schema
    .createTable("lti_logins")
    .addColumn("state", "varchar(64)", (c) => c.primaryKey())
    .addColumn("nonce", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("platform_id", id, (c) => c.notNull().references("lti_platforms.id").onDelete("cascade"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("used_at", ts)
    .execute();

  await db.schema
    .createTable("lti_users")
    .addColumn("platform_id", id, (c) => c.notNull().references("lti_platforms.id").onDelete("cascade"))
    .addColumn("sub", ext, (c) => c.notNull())
    .addColumn("user_id", id, (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", ts, (c) => c.notNull())
    .addPrimaryKeyConstraint("lti_users_pk", ["platform_id", "sub"])
    .execute();
  await db.schema.createIndex("lti_users_user_idx").on("lti_users").column("user_id").execute();

  await db.schema
    .createTable("lti_contexts")
    .addColumn("platform_id", id, (c) => c.notNull().references("lti_platforms.id").onDelete("cascade"))
    .addColumn("context_id", ext, (c) => c.notNull())
    .addColumn("organization_id", id, (c) => c.notNull())
    .addColumn("class_id", id, (c) => c.notNull())
    .addColumn("memberships_url", url)
    .addColumn("roster_queued_at", ts)
    .addColumn("roster_synced_at", ts)
    .addColumn("created_at", ts, (c) => c.notNull())
    .addPrimaryKeyConstraint("lti_contexts_pk", ["platform_id", "context_id"])
    .execute();
  await db.schema
    .createIndex("lti_contexts_class_idx")
    .on("lti_contexts")
    .columns(["organization_id", "class_id"])
    .execute();

  await db.schema
    .createTable("lti_members")
    .addColumn("class_id", id, (c) => c.notNull())
    .addColumn("user_id", id, (c) => c.notNull())
    .addColumn("organization_id", id, (c) => c.notNull())
    .addColumn("role", "varchar(16)", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("updated_at", ts, (c) => c.notNull())
    .addPrimaryKeyConstraint("lti_members_pk", ["class_id", "user_id"])
    .execute();

  await db.schema
    .createTable("lti_links")
    .addColumn("platform_id", id, (c) => c.notNull().references("lti_platforms.id").onDelete("cascade"))
    .addColumn("resource_link_id", ext, (c) => c.notNull())
    .addColumn("organization_id", id, (c) => c.notNull())
    .addColumn("class_id", id, (c) => c.notNull())
    .addColumn("assignment_id", id, (c) => c.notNull())
    .addColumn("line_item_url", url)
    .addColumn("created_at", ts, (c) => c.notNull())
    .addPrimaryKeyConstraint("lti_links_pk", ["platform_id", "resource_link_id"])
    .execute();
  await db.schema.createIndex("lti_links_assignment_idx").on("lti_links").column("assignment_id").execute();

  await db.schema
    .createTable("lti_tickets")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("organization_id", id, (c) => c.notNull())
    .addColumn("user_id", id, (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("used_at", ts)
    .execute();

  await db.schema
    .createTable("lti_deep_link_requests")
    .addColumn("id", id, (c) => c.primaryKey())
    .addColumn("organization_id", id, (c) => c.notNull())
    .addColumn("platform_id", id, (c) => c.notNull().references("lti_platforms.id").onDelete("cascade"))
    .addColumn("user_id", id, (c) => c.notNull())
    .addColumn("deployment_id", ext, (c) => c.notNull())
    .addColumn("return_url", url, (c) => c.notNull())
    .addColumn("data", "text")
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("expires_at", ts, (c) => c.notNull())
    .addColumn("used_at", ts)
    .execute();

  await db.schema
    .createTable("lti_launches")
    .addColumn("id", id, (c) => c.primaryKey())
    .addColumn("organization_id", id)
    .addColumn("platform_id", id)
    .addColumn("message_type", "varchar(64)")
    .addColumn("user_id", id)
    .addColumn("ok", "integer", (c) => c.notNull())
    .addColumn("error", "varchar(500)")
    .addColumn("created_at", ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("lti_launches_org_idx")
    .on("lti_launches")
    .columns(["organization_id", "created_at"])
    .execute();

  await db.schema
    .createTable("lti_scores")
    .addColumn("id", id, (c) => c.primaryKey())
    .addColumn("organization_id", id, (c) => c.notNull())
    .addColumn("platform_id", id, (c) => c.notNull().references("lti_platforms.id").onDelete("cascade"))
    .addColumn("source_key", "varchar(64)", (c) => c.notNull())
    .addColumn("attempt_id", id, (c) => c.notNull())
    .addColumn("line_item_url", url, (c) => c.notNull())
    .addColumn("lti_user_id", ext, (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempt_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_status_code", "integer")
    .addColumn("last_error", "varchar(500)")
    .addColumn("created_at", ts, (c) => c.notNull())
    .addColumn("sent_at", ts)
    // One score per event and line item (source_key hashes both): a redelivered event never adds a second.
    .addUniqueConstraint("lti_scores_source_uq", ["source_key"])
    .execute();
  await db.schema
    .createIndex("lti_scores_org_idx")
    .on("lti_scores")
    .columns(["organization_id", "created_at"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    "lti_scores",
    "lti_launches",
    "lti_deep_link_requests",
    "lti_tickets",
    "lti_links",
    "lti_members",
    "lti_contexts",
    "lti_users",
    "lti_logins",
    "lti_keys",
    "lti_platforms",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
