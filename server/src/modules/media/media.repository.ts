import type { MediaTable } from "../../db/tables/content.tables.ts";
import type { Executor } from "../../db/types.ts";
import { nowIso } from "../../lib/ids.ts";

const COLUMNS = [
  "id",
  "organization_id",
  "storage_key",
  "filename",
  "content_type",
  "size",
  "sha256",
  "created_at",
] as const;

export async function insertMedia(db: Executor, row: MediaTable) {
  await db.insertInto("media").values(row).execute();
}

/** A live (not deleted) file of the organization. */
export async function findMedia(db: Executor, organizationId: string, id: string) {
  return db
    .selectFrom("media")
    .select(COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
}

/** Newest first, by (created_at, id). */
export async function listMedia(
  db: Executor,
  organizationId: string,
  opts: { limit: number; after?: { createdAt: string; id: string } },
) {
  let q = db
    .selectFrom("media")
    .select(COLUMNS)
    .where("organization_id", "=", organizationId)
    .where("deleted_at", "is", null);
  const after = opts.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("created_at", "<", after.createdAt),
        eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)]),
      ]),
    );
  }
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(opts.limit).execute();
}

/**
 * Exercises whose draft or any published version refers to this file (a published version may be pinned by an
 * assignment that students are taking). Content is JSON text, so this is a text search within the organization;
 * ids are UUIDs, which hold none of LIKE's wildcards. Deleting is rare: the scan is acceptable there.
 */
export async function exercisesUsingMedia(db: Executor, organizationId: string, mediaId: string, limit = 10) {
  const pattern = `%${mediaId}%`;
  return db
    .selectFrom("exercises as e")
    .select(["e.id", "e.title"])
    .where("e.organization_id", "=", organizationId)
    .where((eb) =>
      eb.or([
        eb("e.draft", "like", pattern),
        eb.exists(
          eb
            .selectFrom("exercise_versions as v")
            .select("v.id")
            .whereRef("v.exercise_id", "=", "e.id")
            .where("v.organization_id", "=", organizationId)
            .where("v.content", "like", pattern),
        ),
      ]),
    )
    .orderBy("e.title")
    .limit(limit)
    .execute();
}

/** Soft delete; true when this call deleted it (so only one of two concurrent deletes removes the object). */
export async function markDeleted(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const res = await db
    .updateTable("media")
    .set({ deleted_at: nowIso() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Which of these ids are live files of the organization (one query, whatever the number of references). */
export async function existingMediaIds(db: Executor, organizationId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom("media")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", ids)
    .where("deleted_at", "is", null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The live media rows among these ids (one query), for packaging files with an export. */
export async function findMediaRows(db: Executor, organizationId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom("media")
    .select(["id", "storage_key", "filename", "content_type", "size"])
    .where("organization_id", "=", organizationId)
    .where("id", "in", ids)
    .where("deleted_at", "is", null)
    .execute();
}
