/**
 * Reads the product's own responses export (`GET /assignments/{id}/responses?format=csv`, api.md): one row per
 * attempt, `Name, Email, Attempt, Submitted, Score, Max`, then three columns per item — `ITEM (/MAX)` with the
 * score, `ITEM: answer` and `ITEM: categories`. So a teacher can take the file the web app gave them to `stats` or
 * `rasch` as it is. A score of `pending` (an essay not yet graded) leaves the item out of that attempt, as the
 * statistics page does; an empty cell means the item was not in the attempt.
 */
import { StatsCsvError } from "./csv-error.ts";
import type { AttemptScores, StatsItem } from "./types.ts";

const SCORE_COLUMN = /^(.*) \(\/(\d+(?:\.\d+)?)\)$/;

/** The header is the responses export's: a Name column and at least one `ITEM (/MAX)` score column. */
export function isResponsesGridHeader(header: readonly string[]): boolean {
  return header[0]?.trim().toLowerCase() === "name" && header.some((h) => SCORE_COLUMN.test(h.trim()));
}

export function readResponsesGrid(rows: readonly { record: string[]; line: number }[]): {
  items: StatsItem[];
  attempts: AttemptScores[];
} {
  const header = rows[0]!.record.map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const col = (name: string) => lower.indexOf(name);
  const [cName, cEmail, cAttempt, cSubmitted] = ["name", "email", "attempt", "submitted"].map(col) as number[];
  const items: StatsItem[] = [];
  const scoreColumns: { column: number; id: string; max: number }[] = [];
  const seen = new Map<string, number>();
  header.forEach((h, column) => {
    const m = SCORE_COLUMN.exec(h);
    if (!m) return;
    // Two items may share a (shortened) prompt: number the later ones so that each keeps its own column.
    const base = m[1]!;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const id = count === 1 ? base : `${base} (${count})`;
    const max = Number(m[2]);
    items.push({ id, maxScore: max });
    scoreColumns.push({ column, id, max });
  });

  const attempts: AttemptScores[] = [];
  const ids = new Set<string>();
  for (const { record, line } of rows.slice(1)) {
    const cell = (c: number | undefined) => (c === undefined || c < 0 ? "" : (record[c] ?? "").trim());
    const fail = (message: string): never => {
      throw new StatsCsvError(line, message);
    };
    const student = cell(cEmail) || cell(cName) || fail("the student has neither a name nor an email");
    const id = `${student}#${cell(cAttempt) || "1"}`;
    if (ids.has(id)) fail(`attempt ${cell(cAttempt) || "1"} of ${student} appears twice`);
    ids.add(id);
    const scores: Record<string, number | null> = Object.create(null);
    for (const { column, id: itemId, max } of scoreColumns) {
      const raw = cell(column);
      if (raw === "" || raw.toLowerCase() === "pending") continue;
      const score = Number(raw);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) || score < 0 || score > max) {
        fail(`"${raw}" in column "${header[column]}" is not a score between 0 and ${max}`);
      }
      scores[itemId] = score;
    }
    const attempt: AttemptScores = { id, student, scores };
    const at = cell(cSubmitted);
    if (at && !Number.isNaN(Date.parse(at))) attempt.submittedAt = at;
    attempts.push(attempt);
  }
  return { items, attempts };
}
