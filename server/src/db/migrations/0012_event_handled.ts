/**
 * Events know when they were handled, not only handed to the queue: `handled_at` is set once every subscriber of
 * the event has recorded it in processed_events. An event queued but never handled (Redis restarted empty, a job
 * lost) is re-sent by the outbox relay. Events dispatched before this migration count as handled.
 */
import { sql } from "kysely";
import type { AnyDb } from "./schema-kit.ts";

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("events").addColumn("handled_at", "varchar(32)").execute();
  await sql`update events set handled_at = dispatched_at where dispatched_at is not null`.execute(db);
  // The relay's redelivery scan: queued (dispatched_at set), not handled, oldest hand-over first.
  await db.schema.createIndex("events_unhandled_idx").on("events").columns(["handled_at", "dispatched_at"]).execute();
  // The relay asks which handlers have recorded a batch of events (the primary key starts with the handler).
  await db.schema.createIndex("processed_events_event_idx").on("processed_events").column("event_id").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("processed_events_event_idx").on("processed_events").execute();
  await db.schema.dropIndex("events_unhandled_idx").on("events").execute();
  await db.schema.alterTable("events").dropColumn("handled_at").execute();
}
