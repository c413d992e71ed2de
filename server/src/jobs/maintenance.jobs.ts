/**
 * Housekeeping of the job tables: `processed_events` only needs to outlive redeliveries, which stop within days.
 */
import { nowIso } from "../lib/ids.ts";
import { pruneProcessed } from "./jobs.repository.ts";
import { registerJob } from "./registry.ts";
import { schedule } from "./schedules.ts";

const KEEP_DAYS = 30;

registerJob("jobs.prune_processed", async (ctx) => {
  await pruneProcessed(ctx.database.db, nowIso(Date.now() - KEEP_DAYS * 86_400_000));
});

schedule("maintenance", "jobs.prune_processed", 86_400);
