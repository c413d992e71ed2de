/**
 * The class gradebook as CSV: one row per student (name, email), one column per assignment with the best
 * submitted score, then the average percentage over the assignments the student has a score for (work not handed
 * in is left empty, not counted as zero: the teacher sees the gap and decides). Only fully graded attempts have a
 * score here; when the only submitted work still waits for the teacher (an essay), the cell says `pending`.
 */
import { stringify } from "csv-stringify/sync";
import type { AppContext } from "../../context.ts";
import { requireClass } from "../classes/classes.service.ts";
import * as repo from "./gradebook.repository.ts";

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab / carriage return before one) as a formula: a
 * student named `=HYPERLINK(…)` must stay text. The OWASP advice: prefix such cells with a single quote.
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function gradebookCsv(ctx: AppContext, organizationId: string, classId: string) {
  const db = ctx.database.read;
  const cls = await requireClass(db, organizationId, classId);
  const [assignments, students, scores] = await Promise.all([
    repo.classAssignments(db, organizationId, classId),
    repo.classStudents(db, organizationId, classId),
    repo.bestScores(db, organizationId, classId),
  ]);
  const best = new Map(scores.map((s) => [`${s.user_id}/${s.assignment_id}`, s.best === null ? null : Number(s.best)]));
  const pending = new Set(scores.filter((s) => Number(s.pending) > 0).map((s) => `${s.user_id}/${s.assignment_id}`));
  const header = ["Name", "Email", ...assignments.map((a) => `${a.title} (/${a.max_score})`), "Average %"];
  const rows = students.map((st) => {
    const cells = assignments.map((a) => best.get(`${st.id}/${a.id}`) ?? null);
    const percents = cells.flatMap((score, i) => {
      const max = assignments[i]!.max_score;
      return score === null || !max ? [] : [(score / max) * 100];
    });
    const average = percents.length ? round(percents.reduce((s, p) => s + p, 0) / percents.length, 1) : null;
    const shown = cells.map((c, i) => {
      if (c !== null) return round(c, 2);
      return pending.has(`${st.id}/${assignments[i]!.id}`) ? "pending" : "";
    });
    return [st.name, st.email, ...shown, average ?? ""];
  });
  const text = stringify([header, ...rows], {
    cast: { string: neutralizeFormula },
    record_delimiter: "\r\n",
  });
  // The byte-order mark makes Excel read the file as UTF-8 (names with accents).
  return { filename: `gradebook ${cls.name}.csv`, body: `\ufeff${text}` };
}
