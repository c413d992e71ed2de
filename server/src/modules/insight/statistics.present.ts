/**
 * The statistics as a teacher reads them: each item named by its shortened prompt (not "item q9"), and figures
 * from fewer than 20 attempts marked tentative with the reason in words (api.md); the same as CSV
 * (`statistics.csv`: the item table, then the test figures).
 */
import type { AttemptPolicy } from "@languagecloud/domain";
import { stringify } from "csv-stringify/sync";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../lib/errors.ts";
import { neutralizeFormula } from "../gradebook/gradebook.service.ts";
import { shortPrompt } from "../review/answer-text.ts";
import * as repo from "./statistics.repository.ts";
import { getStatistics } from "./statistics.service.ts";
import { assignmentItems } from "./statistics.shared.ts";

/** Below this many attempts, figures (and the flags drawn from them) are tentative. */
export const TENTATIVE_BELOW = 20;

export async function presentStatistics(ctx: AppContext, orgId: string, assignmentId: string, policy: AttemptPolicy) {
  const stats = await getStatistics(ctx, orgId, assignmentId, policy);
  const assignment = await repo.findAssignment(ctx.database.read, orgId, assignmentId);
  if (!assignment) throw notFound("assignment");
  const [items, pendingAttempts] = await Promise.all([
    assignmentItems(ctx, assignment, ctx.database.read),
    repo.countPendingAttempts(ctx.database.read, orgId, assignmentId),
  ]);
  const byId = new Map(items.map((it) => [it.id, it.item]));
  const tentative = stats.attempts < TENTATIVE_BELOW;
  return {
    ...stats,
    // The pending rule (api.md): said beside the figures, since they leave these attempts out.
    pendingAttempts,
    tentative,
    tentativeReason: tentative
      ? `Only ${stats.attempts} attempt(s) so far: with fewer than ${TENTATIVE_BELOW}, one student more or less can move these figures a lot, so treat them and their flags as a first impression.`
      : null,
    items: stats.items.map((it) => {
      const item = byId.get(it.item);
      return { ...it, name: item ? shortPrompt(item) : it.item, tentative };
    }),
  };
}

const num = (x: number | null | undefined) => (x === null || x === undefined ? "" : Math.round(x * 10_000) / 10_000);

export async function statisticsCsv(ctx: AppContext, orgId: string, assignmentId: string, policy: AttemptPolicy) {
  const s = await presentStatistics(ctx, orgId, assignmentId, policy);
  const header = [
    "Item",
    "Name",
    "Type",
    "Max",
    "N",
    "Facility",
    "SD",
    "Discrimination index",
    "Discriminative efficiency",
    "Intended weight",
    "Effective weight",
    "Flags",
    "Tentative",
  ];
  const rows = s.items.map((it) => [
    it.item,
    it.name,
    it.type,
    it.maxScore,
    it.n,
    num(it.facility),
    num(it.sd),
    num(it.discriminationIndex),
    num(it.discriminativeEfficiency),
    num(it.intendedWeight),
    num(it.effectiveWeight),
    (it.flags ?? []).join(" "),
    it.tentative ? "yes" : "no",
  ]);
  const t = s.test;
  const test = [
    [],
    ["Test figure", "Value"],
    ["Attempts", t.n],
    ["Mean", num(t.mean)],
    ["Median", num(t.median)],
    ["SD", num(t.sd)],
    ["Skewness", num(t.skewness)],
    ["Kurtosis", num(t.kurtosis)],
    ["Coefficient of internal consistency", num(t.cic)],
    ["Error ratio", num(t.errorRatio)],
    ["Standard error", num(t.standardError)],
    ["Max score", t.maxScore],
    ["Tentative", s.tentative ? "yes" : "no"],
  ];
  const text = stringify([header, ...rows, ...test], {
    cast: { string: neutralizeFormula },
    record_delimiter: "\r\n",
  });
  return { filename: `statistics ${assignmentId}.csv`, body: `\ufeff${text}` };
}
