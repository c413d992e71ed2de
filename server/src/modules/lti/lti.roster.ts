/**
 * Names and Role Provisioning 2.0: the context's members come into the class (users made as on a launch), and
 * those the platform no longer lists are marked `left` and leave the class. Run by the worker: on a teacher's
 * "Sync roster" and, at most hourly, after a teacher's launch.
 */
import type { AppContext } from "../../context.ts";
import { onceMoreOnDuplicate } from "../../db/once-more-on-duplicate.ts";
import { notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { deleteStudent, insertStudent, isStudentOf } from "../classes/classes.repository.ts";
import { insertMembership, insertUser } from "../identity/identity.repository.ts";
import { roleOf, SCOPE_NRPS } from "./lti.claims.ts";
import { platformRequest } from "./lti.outbound.ts";
import * as repo from "./lti.repository.ts";
import { accessToken, PlatformCallError } from "./lti.tokens.ts";

const MAX_PAGES = 50;
const HOURLY_MS = 3_600_000;

interface Member {
  user_id: string;
  status?: string;
  name?: string;
  email?: string;
  roles?: string[];
}

function nextLink(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(value);
  return m ? (m[1] as string) : null;
}

export async function fetchMembers(ctx: AppContext, platformId: string, url: string): Promise<Member[]> {
  const platform = await repo.findPlatformById(ctx.database.db, platformId);
  if (!platform) throw notFound("platform");
  const token = await accessToken(ctx, platform, [SCOPE_NRPS]);
  const members: Member[] = [];
  let next: string | null = url;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const res = await platformRequest(ctx, next, {
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" },
      maxBytes: 8 * 1024 * 1024,
    });
    if (res.status !== 200) throw new PlatformCallError(`the roster answered HTTP ${res.status}`, res.status);
    members.push(...((JSON.parse(res.body) as { members?: Member[] }).members ?? []));
    next = nextLink(res.headers.link);
  }
  return members;
}

/**
 * Whether a class is an LMS course's, for the class page's "Sync roster" button: the platform's name, whether it
 * offered its roster service, and when the roster was last brought in. 404 for a class no launch made.
 */
export async function rosterStatus(ctx: AppContext, organizationId: string, classId: string) {
  const db = ctx.database.db;
  const context = await repo.findContextOfClass(db, organizationId, classId);
  if (!context) throw notFound("LTI course of this class");
  const platform = await repo.findPlatformById(db, context.platform_id);
  return {
    platform: platform?.name ?? "LMS",
    rosterService: !!context.memberships_url,
    syncedAt: context.roster_synced_at,
  };
}

export async function syncRoster(ctx: AppContext, organizationId: string, classId: string) {
  const db = ctx.database.db;
  const context = await repo.findContextOfClass(db, organizationId, classId);
  if (!context) throw notFound("LTI course of this class");
  if (!context.memberships_url) {
    throw unprocessable("no_roster_service", "The platform did not offer its roster service (NRPS) for this course.");
  }
  const platform = await repo.findPlatformById(db, context.platform_id);
  if (!platform) throw notFound("platform");
  const listed = await fetchMembers(ctx, platform.id, context.memberships_url);
  let added = 0;
  const present = new Set<string>();
  // A learner's launch may create one of these people meanwhile: the retry reads theirs.
  await onceMoreOnDuplicate(() =>
    db.transaction().execute(async (trx) => {
      added = 0;
      present.clear();
      for (const m of listed) {
        const role = roleOf(m.roles);
        if (!m.user_id || !role || (m.status && m.status !== "Active")) continue;
        let user = await repo.findLtiUser(trx, platform.id, m.user_id);
        if (!user) {
          const claimEmail = (m.email ?? "").toLowerCase().slice(0, 255);
          const taken = claimEmail
            ? await trx.selectFrom("users").select("id").where("email", "=", claimEmail).executeTakeFirst()
            : undefined;
          const row = await insertUser(trx, {
            email: claimEmail && !taken ? claimEmail : `lti-${newId()}@lti.invalid`,
            name: (m.name ?? "LTI user").slice(0, 200),
            passwordHash: "!lti",
          });
          await repo.insertLtiUser(trx, platform.id, m.user_id, row.id);
          user = { id: row.id, name: row.name, email: row.email };
        }
        const member = await trx
          .selectFrom("memberships")
          .select("role")
          .where("organization_id", "=", organizationId)
          .where("user_id", "=", user.id)
          .executeTakeFirst();
        if (!member) await insertMembership(trx, organizationId, user.id, role);
        if (role === "student" && !(await isStudentOf(trx, organizationId, classId, user.id))) {
          await insertStudent(trx, { organizationId, classId, userId: user.id, via: "lti" });
          added++;
        }
        await repo.upsertMember(trx, { organizationId, classId, userId: user.id, role, status: "active" });
        present.add(user.id);
      }
      const known = await trx
        .selectFrom("lti_members")
        .select(["user_id", "role"])
        .where("organization_id", "=", organizationId)
        .where("class_id", "=", classId)
        .where("status", "=", "active")
        .execute();
      for (const k of known) {
        if (present.has(k.user_id)) continue;
        await repo.upsertMember(trx, { organizationId, classId, userId: k.user_id, role: k.role, status: "left" });
        if (k.role === "student") await deleteStudent(trx, organizationId, classId, k.user_id);
      }
      await trx
        .updateTable("lti_contexts")
        .set({ roster_synced_at: nowIso() })
        .where("platform_id", "=", context.platform_id)
        .where("context_id", "=", context.context_id)
        .execute();
    }),
  );
  const left = await db
    .selectFrom("lti_members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .where("status", "=", "left")
    .executeTakeFirstOrThrow();
  return { added, left: Number(left.n), members: present.size };
}

/** After a teacher's launch: a roster sync, at most once an hour per course (a conditional update decides). */
export async function queueRosterSync(ctx: AppContext, organizationId: string, classId: string): Promise<boolean> {
  const context = await repo.findContextOfClass(ctx.database.db, organizationId, classId);
  if (!context?.memberships_url) return false;
  const now = nowIso();
  const before = new Date(Date.now() - HOURLY_MS).toISOString();
  const r = await ctx.database.db
    .updateTable("lti_contexts")
    .set({ roster_queued_at: now })
    .where("platform_id", "=", context.platform_id)
    .where("context_id", "=", context.context_id)
    .where((eb) => eb.or([eb("roster_queued_at", "is", null), eb("roster_queued_at", "<", before)]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await ctx.jobs.enqueue("lti.roster_sync", { organizationId, classId }, { jobId: `lti.roster.${classId}.${now}` });
  return true;
}
