/**
 * Webhook secret rotation: the secret an endpoint had before its last rotation, still signed with (beside the new
 * one) until `previous_secret_until`, so that receivers can switch secrets without missing a delivery.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("webhook_endpoints").addColumn("previous_secret_encrypted", "text").execute();
  await db.schema.alterTable("webhook_endpoints").addColumn("previous_secret_until", "varchar(32)").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("webhook_endpoints").dropColumn("previous_secret_until").execute();
  await db.schema.alterTable("webhook_endpoints").dropColumn("previous_secret_encrypted").execute();
}
