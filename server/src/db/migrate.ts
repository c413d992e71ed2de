/**
 * Migrations come from a static list (no directory scanning: the bundle and the tests see the same set, in order).
 * A failure is thrown so that `languagecloud migrate` exits non-zero.
 */
import { type Kysely, type Migration, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_identity.ts";
import * as m0002 from "./migrations/0002_content.ts";
import * as m0003 from "./migrations/0003_classes.ts";
import * as m0004 from "./migrations/0004_jobs.ts";
import * as m0005 from "./migrations/0005_integrations.ts";
import * as m0006 from "./migrations/0006_analytics.ts";
import * as m0007 from "./migrations/0007_performance.ts";
import * as m0008 from "./migrations/0008_item_stats_scan.ts";
import * as m0009 from "./migrations/0009_webhook_secret_rotation.ts";
import * as m0010a from "./migrations/0010_audit.ts";
import * as m0010b from "./migrations/0010_review.ts";
import * as m0011 from "./migrations/0011_usernames.ts";
import * as m0012 from "./migrations/0012_event_handled.ts";
import * as m0013 from "./migrations/0013_experiments.ts";
import * as m0014 from "./migrations/0014_calibration.ts";
import * as m0015 from "./migrations/0015_practice.ts";
import * as m0016 from "./migrations/0016_lti.ts";
import * as m0016s from "./migrations/0016_lti_storage.ts";
import * as m0016x from "./migrations/0016_xapi.ts";
import * as m0017 from "./migrations/0017_import_formats.ts";
import * as m0018 from "./migrations/0018_backup_exports.ts";
import type { DB } from "./types.ts";

export const migrations: Record<string, Migration> = {
  "0001_identity": m0001,
  "0002_content": m0002,
  "0003_classes": m0003,
  "0004_jobs": m0004,
  "0005_integrations": m0005,
  "0006_analytics": m0006,
  "0007_performance": m0007,
  "0008_item_stats_scan": m0008,
  "0009_webhook_secret_rotation": m0009,
  "0010_audit": m0010a,
  "0017_import_formats": m0017,
  "0016_lti": m0016,
  "0016_xapi": m0016x,
  "0016_lti_storage": m0016s,
  "0012_event_handled": m0012,
  "0014_calibration": m0014,
  "0011_usernames": m0011,
  "0010_review": m0010b,
  "0015_practice": m0015,
  "0018_backup_exports": m0018,
  "0013_experiments": m0013,
};

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  // Unordered: work developed in parallel lands migrations out of number order; each migration is independent of
  // the ones numbered after it, so a database that already ran 0012 may still run 0010 when it arrives.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${cause}`.trim());
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
