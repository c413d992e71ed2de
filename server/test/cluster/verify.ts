/**
 * After the last fault: what the database holds against what the students were told. Every acknowledged submit
 * is stored once with its score and its five responses; no `attempt.submitted` is written twice; every event of
 * the outbox gets handled (no job lost); statistics and the class dashboard come back to the stored figures and say
 * `fresh`; and no process logged an error.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "../own-services.ts";
import type { Http } from "./http.ts";
import type { RunState } from "./phases.ts";
import { logLines } from "./processes.ts";
import { EXERCISE } from "./students.ts";

const ITEMS = EXERCISE.items.length;

function rows(out: string): string[][] {
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("|"));
}

export async function finalChecks(http: Http, s: RunState): Promise<void> {
  const { topology: t, school, figures: f } = s;
  const org = school.orgId;

  // Jobs: the outbox drains to zero once the faults are over.
  const started = Date.now();
  let pending = Number.POSITIVE_INFINITY;
  while (Date.now() - started < 90_000) {
    pending = Number(t.sql("SELECT count(*) FROM events WHERE handled_at IS NULL"));
    if (pending === 0) break;
    await sleep(500);
  }
  const total = Number(t.sql("SELECT count(*) FROM events"));
  f.check("final", "events never handled (lost jobs)", `${pending} of ${total}`, "0", pending === 0);
  f.note("final", "outbox drained after the last fault (ms)", Date.now() - started);

  const stored = new Map<
    string,
    { assignment: string; status: string; score: number; responses: number; user: string }
  >();
  for (const [id, assignment, status, score, responses, user] of rows(
    t.sql(
      `SELECT a.id, a.assignment_id, a.status, coalesce(a.score, -1), (SELECT count(*) FROM responses r WHERE r.attempt_id = a.id), a.user_id FROM attempts a WHERE a.organization_id = '${org}'`,
    ),
  )) {
    stored.set(id as string, {
      assignment: assignment as string,
      status: status as string,
      score: Number(score),
      responses: Number(responses),
      user: user as string,
    });
  }
  const twice = rows(
    t.sql(
      `SELECT payload::json->>'attemptId', count(*) FROM events WHERE type = 'attempt.submitted' AND organization_id = '${org}' GROUP BY 1 HAVING count(*) > 1`,
    ),
  ).length;

  for (const [phase, assignmentId] of school.assignments) {
    const acks = s.acks.filter((a) => a.phase === phase);
    const lost = acks.filter((a) => {
      const row = stored.get(a.attemptId);
      return row?.status !== "submitted" || row.score !== a.score || row.responses !== ITEMS;
    }).length;
    const submitted = [...stored.values()].filter((r) => r.assignment === assignmentId && r.status === "submitted");
    const extraRows = submitted.filter((r) => r.responses !== ITEMS).length;
    f.check(
      phase,
      "acknowledged → stored (lost)",
      `${acks.length} → ${acks.length - lost} (${lost})`,
      "0 lost",
      lost === 0,
    );
    f.note(phase, "stored but never acknowledged (the student gave up)", submitted.length - (acks.length - lost));
    f.check(phase, "submitted attempts without exactly one row per item", extraRows, "0", extraRows === 0);
  }
  f.check("final", "attempts with attempt.submitted written twice", twice, "0", twice === 0);

  // Statistics and the dashboard: back to the stored figures, and fresh, after every fault.
  const base = `/api/v1/orgs/${org}`;
  const expectStats = new Map<string, number>();
  const expectDash = new Map<string, number>();
  for (const [, assignmentId] of school.assignments) {
    const subs = [...stored.values()].filter((r) => r.assignment === assignmentId && r.status === "submitted");
    expectStats.set(assignmentId, subs.length);
    expectDash.set(assignmentId, new Set(subs.map((r) => r.user)).size);
  }
  const statsStarted = Date.now();
  let stale: string[] = [];
  while (Date.now() - statsStarted < 60_000) {
    stale = [];
    for (const [phase, assignmentId] of school.assignments) {
      const r = await http.call("GET", `${base}/assignments/${assignmentId}/statistics?attempts=all`, {
        cookie: school.teacherCookie,
        what: "statistics",
      });
      const st = r.status === 200 ? r.json<{ attempts: number; fresh: boolean }>() : null;
      if (!st || st.attempts !== expectStats.get(assignmentId) || st.fresh !== true)
        stale.push(
          `${phase}: ${st ? `${st.attempts}/${expectStats.get(assignmentId)}${st.fresh ? "" : " not fresh"}` : r.status}`,
        );
    }
    if (!stale.length) break;
    await sleep(1000);
  }
  f.check(
    "final",
    "statistics back to the stored attempts and fresh (ms)",
    stale.length ? stale.join("; ") : Date.now() - statsStarted,
    "≤ 60000, every assignment",
    stale.length === 0,
  );

  const dashStarted = Date.now();
  let wrongDash: string[] = [];
  while (Date.now() - dashStarted < 30_000) {
    const r = await http.call("GET", `${base}/classes/${school.classId}/dashboard`, {
      cookie: school.teacherCookie,
      what: "dashboard",
    });
    wrongDash = [];
    const d = r.status === 200 ? r.json<{ assignments: { assignmentId: string; submitted: number }[] }>() : null;
    for (const [phase, assignmentId] of school.assignments) {
      const got = d?.assignments.find((a) => a.assignmentId === assignmentId)?.submitted;
      if (got !== expectDash.get(assignmentId)) wrongDash.push(`${phase}: ${got}/${expectDash.get(assignmentId)}`);
    }
    if (!wrongDash.length) break;
    await sleep(1000);
  }
  f.check(
    "final",
    "dashboard back to the stored submissions (ms)",
    wrongDash.length ? wrongDash.join("; ") : Date.now() - dashStarted,
    "≤ 30000",
    wrongDash.length === 0,
  );

  // Logged errors (pino level 50+): a 503 during an outage is a warning; an error line is a bug or a lost job.
  const errors: string[] = [];
  for (const file of readdirSync(t.dir).filter((n) => n.endsWith(".log"))) {
    for (const line of logLines(join(t.dir, file), /"level":(50|60)/)) {
      const m = /"msg":"([^"]{0,160})/.exec(line);
      // pino writes `err` as text or as an object with its `message`.
      const err = /"err":(?:"|\{"type":"[^"]*","message":")([^"]{0,120})/.exec(line)?.[1];
      errors.push(`${file}: ${m?.[1] ?? line.slice(0, 160)}${err ? ` — ${err}` : ""}`);
    }
  }
  // A job whose last attempt fell inside the database outage is logged as an error by design (an operator should
  // hear of it) and sent again by the outbox (no job lost, checked above): counted apart, not as a failure.
  const outage = /ECONNREFUSED|terminating connection|Connection terminated|the database system is/;
  const fromOutage = errors.filter((e) => outage.test(e));
  const other = errors.filter((e) => !outage.test(e));
  f.note("final", "error lines of jobs whose last attempt fell in the database outage", fromOutage.length);
  const distinct = [...new Set(other)];
  f.check(
    "final",
    "other error lines logged by the API processes and the worker",
    other.length ? `${other.length}: ${distinct.slice(0, 3).join(" | ")}` : 0,
    "0",
    other.length === 0,
  );
}

/** Warnings and errors of every log (pino level 40+, nginx's error log), each distinct message once with its count. */
export function diagnostics(dir: string): string {
  const out: string[] = [];
  const files = [
    ...readdirSync(dir)
      .filter((n) => n.endsWith(".log"))
      .map((n) => join(dir, n)),
    join(dir, "nginx", "error.log"),
  ];
  for (const file of files) {
    const counts = new Map<string, number>();
    for (const line of logLines(file, /"level":(40|50|60)|\[(warn|error|crit|alert|emerg)\]/)) {
      const msg = /"msg":"([^"]{0,120})/.exec(line)?.[1];
      const err = /"err":"([^"]{0,120})/.exec(line)?.[1] ?? /"message":"([^"]{0,120})/.exec(line)?.[1];
      const key = msg
        ? `${msg}${err ? ` — ${err}` : ""}`
        : line
            .replace(/^\S+ \S+ /, "")
            .replace(/\d+#\d+: \*\d+ /, "")
            .slice(0, 200);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (!counts.size) continue;
    out.push(`  ${file}:`);
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.push(`    ${n} × ${k}`);
  }
  return out.join("\n") || "  nothing";
}
