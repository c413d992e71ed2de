/**
 * LTI client-side OIDC storage (the platform's postMessage storage, `lti_storage_target`): a login that offered
 * it keeps where the value went and the SHA-256 of the value the browser must bring back with the launch.
 * Third migration of the number 0016 (issue 19).
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("lti_logins").addColumn("storage_target", "varchar(255)").execute();
  await db.schema.alterTable("lti_logins").addColumn("browser_secret_hash", "varchar(64)").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("lti_logins").dropColumn("browser_secret_hash").execute();
  await db.schema.alterTable("lti_logins").dropColumn("storage_target").execute();
}
