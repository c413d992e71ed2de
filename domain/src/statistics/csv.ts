/**
 * Reads the offline analyzer's CSV (statistics.md, "Offline analyzer"): one row per attempt and item, header
 * `attempt,student,item,score,max_score` in any order, optional `submitted_at` and `response`.
 *
 * A row that is absent means the item was not part of that attempt (left out of the item's n); an empty score or
 * `-` (how Moodle exports an unanswered question) means it was shown and not answered, and counts as 0.
 * The product's own responses export (grid-csv.ts) is recognized by its header and read too.
 */
import { parse } from "csv-parse/sync";
import { StatsCsvError } from "./csv-error.ts";
import { isResponsesGridHeader, readResponsesGrid } from "./grid-csv.ts";
import type { AttemptScores, StatsItem } from "./types.ts";

export { StatsCsvError };

export interface ScoresTable {
  /** In order of first appearance. */
  items: StatsItem[];
  /** In file order. */
  attempts: AttemptScores[];
}

const REQUIRED = ["attempt", "student", "item", "score", "max_score"] as const;

type Parsed = { record: string[]; info: { lines: number } };

export function parseScoresCsv(text: string): ScoresTable {
  let rows: Parsed[];
  try {
    rows = parse(text, { info: true, bom: true, trim: true, skip_empty_lines: true }) as unknown as Parsed[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new StatsCsvError(e.lines ?? 1, e.message.replace(/ (on|at) line \d+$/, ""));
  }
  // info.lines is where a record ends; a quoted field may span lines, so count back to where it starts.
  const startLine = (r: Parsed) => r.info.lines - r.record.join("").split("\n").length + 1;
  const header = rows[0];
  if (!header) throw new StatsCsvError(1, `the file is empty; expected the header ${REQUIRED.join(",")}`);
  if (isResponsesGridHeader(header.record)) {
    return readResponsesGrid(rows.map((r) => ({ record: r.record, line: startLine(r) })));
  }
  const names = header.record.map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length) {
    throw new StatsCsvError(startLine(header), `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  }
  const col = (name: string) => names.indexOf(name);
  const [cAttempt, cStudent, cItem, cScore, cMax, cAt] = [...REQUIRED, "submitted_at"].map(col) as number[];

  const items = new Map<string, { item: StatsItem; line: number }>();
  const attempts = new Map<string, { attempt: AttemptScores; line: number; scores: Record<string, number> }>();
  for (const row of rows.slice(1)) {
    const line = startLine(row);
    const cell = (c: number | undefined) => (c === undefined || c < 0 ? "" : (row.record[c] ?? ""));
    const fail = (message: string): never => {
      throw new StatsCsvError(line, message);
    };
    const attemptId = cell(cAttempt) || fail("attempt is empty");
    const student = cell(cStudent) || fail("student is empty");
    const itemId = cell(cItem) || fail("item is empty");
    const max = number(cell(cMax)) ?? fail(`max_score "${cell(cMax)}" is not a number`);
    if (max < 0) fail(`max_score ${max} is negative`);
    const rawScore = cell(cScore);
    const score =
      rawScore === "" || rawScore === "-" ? 0 : (number(rawScore) ?? fail(`score "${rawScore}" is not a number`));
    if (score < 0 || score > max) fail(`score ${score} is outside 0..max_score (${max})`);

    const known = items.get(itemId);
    if (!known) items.set(itemId, { item: { id: itemId, maxScore: max }, line });
    else if (known.item.maxScore !== max) {
      fail(`max_score ${max} for item "${itemId}" differs from ${known.item.maxScore} on line ${known.line}`);
    }

    const at = cell(cAt);
    if (at && Number.isNaN(Date.parse(at)))
      fail(`submitted_at "${at}" is not a date (use ISO 8601, e.g. 2024-03-05T14:30:00Z)`);
    let entry = attempts.get(attemptId);
    if (!entry) {
      // No prototype: an item id such as "constructor" or "__proto__" must stay an ordinary key.
      const scores: Record<string, number> = Object.create(null);
      entry = { attempt: { id: attemptId, student, scores }, line, scores };
      if (at) entry.attempt.submittedAt = at;
      attempts.set(attemptId, entry);
    } else {
      if (entry.attempt.student !== student) {
        fail(
          `attempt "${attemptId}" belongs to student "${entry.attempt.student}" on line ${entry.line}, not "${student}"`,
        );
      }
      if (at && entry.attempt.submittedAt !== undefined && entry.attempt.submittedAt !== at) {
        fail(`attempt "${attemptId}" has submitted_at ${entry.attempt.submittedAt} on line ${entry.line}, not ${at}`);
      }
      if (at) entry.attempt.submittedAt = at;
    }
    if (Object.hasOwn(entry.scores, itemId)) fail(`attempt "${attemptId}" has item "${itemId}" twice`);
    entry.scores[itemId] = score;
  }
  return { items: [...items.values()].map((v) => v.item), attempts: [...attempts.values()].map((v) => v.attempt) };
}

/** A plain decimal number; rejects what Number() would quietly accept ("", "0x10", "1e400"). */
function number(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}
