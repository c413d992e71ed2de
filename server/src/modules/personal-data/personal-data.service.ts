import type { AppContext } from "../../context.ts";
import type { Executor } from "../../db/types.ts";
import { conflict, notFound } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { writeZip, type ZipEntry } from "../../lib/zip.ts";
import type { Membership, Principal } from "../../plugins/access.ts";
import { actorOf, recordAudit } from "../audit/audit.service.ts";
import type { RegistryDb, RegistryRow } from "../backup/tables.ts";
import { TABLE_SPECS, type TableSpec } from "../backup/tables.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { scheduleRecompute } from "../insight/statistics.recompute.ts";
import { pseudonym } from "../xapi/xapi.ids.ts";

type AnyDb = RegistryDb;
type Row = RegistryRow;

/** What stands in for an erased person: a name that says so, an address that can receive nothing. */
export const ERASED_NAME = "Erased person";
const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

interface Person {
  id: string;
  name: string;
  email: string;
  created_at: string;
  updated_at: string;
}

/**
 * The texts that stand for the person in a `mentions` column: their id, their email, and the pseudonymous name
 * xAPI statements give them as actor (xapi.ids.ts), which holds neither: without it their statements still
 * queued for the LRS would outlive an erasure.
 */
function mentionsOf(ctx: AppContext, orgId: string, person: { id: string; email: string }): string[] {
  return [person.id, person.email, pseudonym(ctx.config.SESSION_SECRET, orgId, person.id)];
}

async function findPerson(db: AnyDb, orgId: string, userId: string): Promise<(Person & { role: string }) | null> {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "u.email", "u.created_at", "u.updated_at", "m.role"])
    .where("m.organization_id", "=", orgId)
    .where("m.user_id", "=", userId)
    .executeTakeFirst();
  return (row as (Person & { role: string }) | undefined) ?? null;
}

/** Escapes LIKE's wildcards so an email is matched as written. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The rows of one table that are about the person (in this organization, where the table has one). */
async function rowsAbout(
  db: AnyDb,
  table: string,
  spec: TableSpec,
  orgId: string,
  person: Person,
  mentions: string[],
): Promise<Row[]> {
  if (table === "users" || table === "organizations") return [];
  const userColumns = Object.keys(spec.users ?? {});
  const conditions =
    [...userColumns, ...(spec.about ?? [])].length + (spec.emails ?? []).length + (spec.mentions ?? []).length;
  if (!conditions && !spec.via) return [];
  let query = db.selectFrom(table).selectAll();
  if (spec.org === "organization_id") {
    // Notices about the account itself (password resets) belong to no organization and are theirs too.
    query = spec.mentions
      ? query.where((eb) => eb.or([eb("organization_id", "=", orgId), eb("organization_id", "is", null)]))
      : query.where("organization_id", "=", orgId);
  }
  query = query.where((eb) =>
    eb.or([
      ...[...userColumns, ...(spec.about ?? [])].map((c) => eb(c, "=", person.id)),
      ...(spec.emails ?? []).map((c) => eb(c, "=", person.email)),
      ...(spec.mentions ?? []).flatMap((c) => mentions.map((m) => eb(c, "like", likeText(m)))),
      ...(spec.via
        ? [
            eb(
              spec.via.column,
              "in",
              db
                .selectFrom(spec.via.table)
                .select("id")
                .where("organization_id", "=", orgId)
                .where((inner) =>
                  inner.or(Object.keys(TABLE_SPECS[spec.via!.table]?.users ?? {}).map((c) => inner(c, "=", person.id))),
                ),
            ),
          ]
        : []),
    ]),
  );
  const rows = (await query.execute()) as Row[];
  for (const row of rows) for (const secret of spec.secret ?? []) delete row[secret];
  return rows;
}

const README = (person: Person, orgName: string, at: string, files: string[]) => `Personal data export
====================

Everything Language Cloud holds about ${person.name} <${person.email}> in the organization "${orgName}",
exported on ${at} at an administrator's request.

- account.json: the account (name, email, when it was created). The password is stored only as a one-way hash
  and is not included.
- One file per kind of record, named after its table, each a JSON array of the records that name this person
  (by their id or email), or that belong to their attempts:
${files.map((f) => `  - ${f}`).join("\n")}
  attempts.json / responses.json: the work they submitted and how it was graded; attempt_drafts.json: answers
  saved while working; class_students.json: classes they are in; memberships.json: their role; sessions.json:
  when and from where they logged in; audit_log.json: actions they did or that were done to their records;
  events.json: notices the system sent about them.
- Times are UTC (ISO 8601). Ids are the ones the product uses; a record's "user_id", "created_by", "graded_by"…
  field says how it refers to the person.

Secrets (password hashes, login and invitation tokens, API key hashes) are never exported.
`;

/** The zip: account.json, one JSON file per table with rows about the person, and a README. */
export async function exportPersonalData(
  ctx: AppContext,
  orgId: string,
  userId: string,
): Promise<{ filename: string; body: Buffer }> {
  const db = ctx.database.db as unknown as AnyDb;
  const person = await findPerson(db, orgId, userId);
  if (!person) throw notFound("member");
  const org = (await db.selectFrom("organizations").select("name").where("id", "=", orgId).executeTakeFirst()) as {
    name: string;
  };
  const files: ZipEntry[] = [];
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  files.push({
    path: "account.json",
    data: json({
      id: person.id,
      name: person.name,
      email: person.email,
      role: person.role,
      createdAt: person.created_at,
      updatedAt: person.updated_at,
    }),
  });
  for (const [table, spec] of Object.entries(TABLE_SPECS)) {
    const rows = await rowsAbout(db, table, spec, orgId, person, mentionsOf(ctx, orgId, person));
    if (rows.length) files.push({ path: `${table}.json`, data: json(rows) });
  }
  const at = nowIso();
  files.push({
    path: "README.txt",
    data: Buffer.from(
      README(
        person,
        org.name,
        at,
        files.map((f) => f.path),
      ),
    ),
  });
  return { filename: `personal-data-${person.id}.zip`, body: writeZip(files) };
}

export interface EraseResult {
  userId: string;
  /** The account stays when the person belongs to other organizations (only this one's data goes). */
  accountKept: boolean;
  attempts: "keep" | "delete";
  /** Rows changed or removed, per table. */
  changed: Record<string, number>;
}

const affected = (
  result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }[] | { numUpdatedRows?: bigint; numDeletedRows?: bigint },
) => {
  const first = Array.isArray(result) ? result[0] : result;
  return Number(first?.numUpdatedRows ?? first?.numDeletedRows ?? 0);
};

/**
 * Erases a person from the organization: membership, invitations, tokens, mail and notices about them go; their
 * work stays under an anonymous placeholder (or goes too with attempts "delete"); what they made for the
 * organization (exercises, grades…) stays, attributed to the placeholder. A person in no other organization is
 * anonymized in place (the account becomes the placeholder: no name, no email, no password, no session); one who
 * belongs elsewhere keeps the account, and this organization's rows move to a new placeholder. Audited.
 */
export async function erasePerson(
  ctx: AppContext,
  caller: Membership & { principal: Principal | null },
  userId: string,
  opts: { attempts: "keep" | "delete" },
): Promise<EraseResult> {
  const orgId = caller.organizationId;
  const changed: Record<string, number> = {};
  const count = (table: string, n: number) => {
    if (n) changed[table] = (changed[table] ?? 0) + n;
  };
  const recompute = new Set<string>();
  const result = await ctx.database.db.transaction().execute(async (trx) => {
    const db = trx as unknown as AnyDb;
    const person = await findPerson(db, orgId, userId);
    if (!person) throw notFound("member");
    if (caller.principal?.userId === userId)
      throw conflict("cannot_erase_self", "You cannot erase yourself; ask another admin.");
    if (person.role === "owner") {
      const owners = await db
        .selectFrom("memberships")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("organization_id", "=", orgId)
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      if (Number(owners.n) <= 1) throw conflict("last_owner", "The organization must keep at least one owner.");
    }
    const elsewhere = await db
      .selectFrom("memberships")
      .select("organization_id")
      .where("user_id", "=", userId)
      .where("organization_id", "<>", orgId)
      .executeTakeFirst();
    const accountKept = !!elsewhere;
    const now = nowIso();

    // The placeholder: the account itself when it goes, else a new account that can never log in.
    let placeholder = userId;
    if (accountKept) {
      placeholder = newId();
      await db
        .insertInto("users")
        .values({
          id: placeholder,
          email: erasedEmail(placeholder),
          name: ERASED_NAME,
          password_hash: "!",
          created_at: now,
          updated_at: now,
        })
        .execute();
    }

    if (opts.attempts === "delete") {
      const assignments = await db
        .selectFrom("attempts")
        .select("assignment_id")
        .distinct()
        .where("organization_id", "=", orgId)
        .where("user_id", "=", userId)
        .execute();
      for (const a of assignments) recompute.add(a.assignment_id as string);
    }

    for (const [table, spec] of Object.entries(TABLE_SPECS)) {
      if (spec.org !== "organization_id") continue;
      for (const [column, rule] of Object.entries(spec.users ?? {})) {
        if (rule === "delete" || (rule === "attempt" && opts.attempts === "delete")) {
          count(
            table,
            affected(
              await db.deleteFrom(table).where("organization_id", "=", orgId).where(column, "=", userId).execute(),
            ),
          );
        } else if ((rule === "reassign" || rule === "attempt") && placeholder !== userId) {
          count(
            table,
            affected(
              await db
                .updateTable(table)
                .set({ [column]: placeholder })
                .where("organization_id", "=", orgId)
                .where(column, "=", userId)
                .execute(),
            ),
          );
        }
      }
      for (const column of spec.emails ?? []) {
        count(
          table,
          affected(
            await db.deleteFrom(table).where("organization_id", "=", orgId).where(column, "=", person.email).execute(),
          ),
        );
      }
      for (const column of spec.mentions ?? []) {
        count(
          table,
          affected(
            await db
              .deleteFrom(table)
              .where((eb) =>
                eb.or([
                  eb("organization_id", "=", orgId),
                  ...(accountKept || table !== "events" ? [] : [eb("organization_id", "is", null)]),
                ]),
              )
              .where((eb) => eb.or(mentionsOf(ctx, orgId, person).map((m) => eb(column, "like", likeText(m)))))
              .execute(),
          ),
        );
      }
    }

    if (!accountKept) {
      // Tables of the account itself, and the mail guard that holds the address.
      for (const [table, spec] of Object.entries(TABLE_SPECS)) {
        if (spec.org !== "none") continue;
        for (const [column, rule] of Object.entries(spec.users ?? {})) {
          if (rule === "account")
            count(table, affected(await db.deleteFrom(table).where(column, "=", userId).execute()));
        }
        for (const column of spec.emails ?? []) {
          count(table, affected(await db.deleteFrom(table).where(column, "=", person.email).execute()));
        }
      }
      await db
        .updateTable("users")
        .set({ name: ERASED_NAME, email: erasedEmail(userId), password_hash: "!", updated_at: now })
        .where("id", "=", userId)
        .execute();
      count("users", 1);
    }

    if (recompute.size) {
      // The live sums held the deleted attempts: without them the next read rebuilds from the data that is left.
      for (const table of ["stats_accumulators", "stats_snapshots"]) {
        count(
          table,
          affected(
            await db
              .deleteFrom(table)
              .where("organization_id", "=", orgId)
              .where("assignment_id", "in", [...recompute])
              .execute(),
          ),
        );
      }
    }

    await recordAudit(trx as Executor, {
      organizationId: orgId,
      actor: actorOf(caller.principal),
      action: "member.erased",
      target: { type: "user", id: userId },
      details: { attempts: opts.attempts, accountKept, placeholder, role: person.role },
    });
    await writeEvent(trx, { organizationId: orgId, type: "member.removed", payload: { userId, erased: true } });
    return { userId, accountKept, attempts: opts.attempts, changed };
  });
  notifyEventsWritten();
  for (const assignmentId of recompute) await scheduleRecompute(ctx, orgId, assignmentId);
  return result;
}
