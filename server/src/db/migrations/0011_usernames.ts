/**
 * Students without email (young learners): a teacher creates accounts with a username and a generated password
 * and prints login cards. `username` is unique where present; such an account's `email` holds a placeholder under
 * the reserved `.invalid` domain (RFC 2606), so the not-null unique email column stays as it is and no mail is
 * ever deliverable to it.
 */
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("users").addColumn("username", "varchar(64)").execute();
  await db.schema.createIndex("users_username_unique").on("users").column("username").unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("users_username_unique").on("users").execute();
  await db.schema.alterTable("users").dropColumn("username").execute();
}
