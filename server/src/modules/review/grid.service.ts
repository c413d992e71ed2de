/**
 * The responses grid: one row per submitted attempt, one cell per item with the score, the maximum, the verdict,
 * the answer as the student gave it and its error categories (Moodle's "Responses" report, with categories).
 * Two queries whatever the class size (attempts with students, then every response of the assignment).
 */

import type { Response } from "@languagecloud/domain";
import { stringify } from "csv-stringify/sync";
import type { AppContext } from "../../context.ts";
import { type Caller, requireVisibleAssignment } from "../assignments/assignments.service.ts";
import { loadVersionContent } from "../assignments/versions.ts";
import { neutralizeFormula } from "../gradebook/gradebook.service.ts";
import { answerText, shortPrompt } from "./answer-text.ts";
import * as repo from "./review.repository.ts";

export interface GridCell {
  score: number;
  max: number;
  verdict: "correct" | "partial" | "incorrect" | "pending" | "blank";
  answer: string;
  categories: string[];
  overridden: boolean;
}

export async function responsesGrid(ctx: AppContext, caller: Caller, assignmentId: string) {
  const db = ctx.database.read;
  const a = await requireVisibleAssignment(db, caller, assignmentId);
  const exercise = await loadVersionContent(db, caller.organizationId, a.exercise_version_id);
  const items = exercise.items.filter((it) => it.type !== "description" && it.id);
  const [attempts, responses] = await Promise.all([
    repo.gridAttempts(db, caller.organizationId, assignmentId),
    repo.gridResponses(db, caller.organizationId, assignmentId),
  ]);
  const itemById = new Map(items.map((it) => [it.id as string, it]));
  const cells = new Map<string, Record<string, GridCell>>();
  for (const r of responses) {
    const item = itemById.get(r.item_id);
    if (!item) continue;
    let row = cells.get(r.attempt_id);
    if (!row) cells.set(r.attempt_id, (row = {}));
    row[r.item_id] = {
      score: r.score,
      max: r.max_score,
      verdict: r.status,
      answer: answerText(item, r.response ? (JSON.parse(r.response) as Response) : null),
      categories: JSON.parse(r.error_categories) as string[],
      overridden: r.auto_score !== null,
    };
  }
  return {
    assignmentId,
    title: a.title,
    version: a.exercise_version,
    columns: items.map((it) => ({
      itemId: it.id as string,
      name: shortPrompt(it),
      type: it.type,
      maxScore: it.points ?? 1,
    })),
    items: attempts.map((t) => ({
      attemptId: t.id,
      student: { id: t.user_id, name: t.user_name, email: t.user_email },
      number: t.number,
      submittedAt: t.submitted_at,
      late: t.late === 1,
      // The pending rule: work that waits for its teacher has no score yet.
      score: t.pending_count > 0 ? null : t.score,
      maxScore: t.max_score,
      pending: t.pending_count > 0,
      cells: cells.get(t.id) ?? {},
    })),
    nextCursor: null,
  };
}

export async function responsesCsv(ctx: AppContext, caller: Caller, assignmentId: string) {
  const grid = await responsesGrid(ctx, caller, assignmentId);
  const header = [
    "Name",
    "Email",
    "Attempt",
    "Submitted",
    "Score",
    "Max",
    ...grid.columns.flatMap((c) => [`${c.name} (/${c.maxScore})`, `${c.name}: answer`, `${c.name}: categories`]),
  ];
  const rows = grid.items.map((r) => [
    r.student.name,
    r.student.email,
    r.number,
    r.submittedAt ?? "",
    r.pending ? "pending" : (r.score ?? ""),
    r.maxScore,
    ...grid.columns.flatMap((c) => {
      const cell = r.cells[c.itemId];
      if (!cell) return ["", "", ""];
      return [cell.verdict === "pending" ? "pending" : cell.score, cell.answer, cell.categories.join(" ")];
    }),
  ]);
  const text = stringify([header, ...rows], { cast: { string: neutralizeFormula }, record_delimiter: "\r\n" });
  return { filename: `responses ${grid.title}.csv`, body: `\ufeff${text}` };
}
