/**
 * GET …/experiments/{id}/results and export.csv: the outcome (first submitted post-test attempt, as a score share)
 * and pre-test of every participant, exclusions by reason, and the domain's comparisons.
 */
import { createHmac, randomBytes } from "node:crypto";
import { type ExclusionReason, type ExperimentParticipant, experimentResults } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { dialectOfDb, insertIgnoringDuplicates } from "../../db/dialect.ts";
import type { Executor } from "../../db/types.ts";
import { openSecret, sealSecret } from "../../infra/webhooks/secret-box.ts";
import { nowIso } from "../../lib/ids.ts";
import { submittedAttemptsOf } from "../attempts/attempts.repository.ts";
import * as repo from "./experiments.repository.ts";
import { requireExperiment } from "./experiments.service.ts";

/** Each student's first submitted, fully graded attempt as a share of its maximum (pending essays do not count). */
function firstShares(rows: Awaited<ReturnType<typeof submittedAttemptsOf>>): Map<string, number> {
  const out = new Map<string, number>();
  const seen = new Set<string>();
  for (const a of rows) {
    if (seen.has(a.user_id)) continue;
    seen.add(a.user_id);
    if (Number(a.pending_count) > 0 || a.score === null) continue;
    const max = Number(a.max_score);
    out.set(a.user_id, max > 0 ? Number(a.score) / max : 0);
  }
  return out;
}

async function collect(db: Executor, organizationId: string, id: string) {
  const e = await requireExperiment(db, organizationId, id);
  const classIds = JSON.parse(e.class_ids) as string[];
  const [variants, people, links, members, classes] = await Promise.all([
    repo.variantsOf(db, organizationId, [id]),
    repo.participants(db, organizationId, id),
    repo.experimentAssignments(db, organizationId, id),
    repo.classStudents(db, organizationId, classIds),
    repo.findClasses(db, organizationId, classIds),
  ]);
  const outcomeIds = links.filter((l) => l.variant_id === null).map((l) => l.assignment_id);
  const outcomes = firstShares(await submittedAttemptsOf(db, organizationId, outcomeIds));
  let pretests = new Map<string, number>();
  if (e.pretest_assignment_id) {
    // The named pre-test, and the same exercise assigned in the experiment's other classes.
    const pre = await repo.findAssignment(db, organizationId, e.pretest_assignment_id);
    const ids = pre
      ? (await repo.assignmentsOfExercise(db, organizationId, pre.exercise_id, classIds)).map((a) => a.id)
      : [];
    if (pre && !ids.includes(pre.id)) ids.push(pre.id);
    pretests = firstShares(await submittedAttemptsOf(db, organizationId, ids));
  }
  const inClass = new Set(members.map((m) => `${m.class_id}:${m.user_id}`));
  const dealt = new Set(people.map((p) => p.user_id));
  const joinedAfterClose = e.closed_at
    ? new Set(members.filter((m) => !dealt.has(m.user_id) && m.created_at > e.closed_at!).map((m) => m.user_id)).size
    : 0;
  const participants = people.map((p) => ({
    userId: p.user_id,
    classId: p.class_id,
    variantId: p.variant_id,
    inClass: inClass.has(`${p.class_id}:${p.user_id}`),
    outcome: outcomes.get(p.user_id) ?? null,
    pretest: e.pretest_assignment_id ? (pretests.get(p.user_id) ?? null) : null,
  }));
  return { e, variants, participants, joinedAfterClose, classes };
}

export async function getResults(ctx: AppContext, organizationId: string, id: string) {
  const { e, variants, participants, joinedAfterClose } = await collect(ctx.database.db, organizationId, id);
  const figures = experimentResults({
    unit: e.unit,
    variants: variants.map((v) => ({ id: v.id, name: v.name })),
    participants: participants satisfies ExperimentParticipant[],
    hasPretest: !!e.pretest_assignment_id,
    joinedAfterClose,
  });
  return { status: e.status, ...figures };
}

/** The organization's pseudonym key, made on first use (a second maker loses the insert and reads the first's). */
async function pseudonymKey(ctx: AppContext, organizationId: string): Promise<string> {
  const db = ctx.database.db;
  let row = await repo.findSecret(db, organizationId);
  if (!row) {
    const sealed = sealSecret(ctx.config.SESSION_SECRET, randomBytes(32).toString("hex"));
    await insertIgnoringDuplicates(
      dialectOfDb(db),
      db
        .insertInto("experiment_secrets")
        .values({ organization_id: organizationId, secret_encrypted: sealed, created_at: nowIso() }),
    ).execute();
    row = await repo.findSecret(db, organizationId);
  }
  return openSecret(ctx.config.SESSION_SECRET, row!.secret_encrypted);
}

const csvCell = (v: string | number | null) => {
  if (v === null) return "";
  const s = String(v);
  // Quote what needs it, and defuse spreadsheet formulas in names chosen by users.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === "string" ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row per participant, de-identified: the participant column is an HMAC of the user id, never the id. */
export async function exportCsv(ctx: AppContext, organizationId: string, id: string): Promise<string> {
  const { e, variants, participants, classes } = await collect(ctx.database.db, organizationId, id);
  const key = await pseudonymKey(ctx, organizationId);
  const variantName = new Map(variants.map((v) => [v.id, v.name]));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const lines = ["participant,class,variant,pretest,outcome,excluded"];
  for (const p of participants) {
    let excluded: ExclusionReason | null = null;
    if (!p.inClass) excluded = "removed_from_class";
    else if (p.outcome === null) excluded = "no_outcome";
    else if (e.pretest_assignment_id && p.pretest === null) excluded = "no_pretest";
    const participant = createHmac("sha256", key).update(p.userId).digest("hex").slice(0, 32);
    lines.push(
      [
        participant,
        className.get(p.classId) ?? p.classId,
        variantName.get(p.variantId) ?? p.variantId,
        p.pretest,
        p.outcome,
        excluded,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
