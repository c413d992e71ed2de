/**
 * The item-statistics score matrix (statistics.repository.ts, loadScoreMatrix) on every engine: one row per
 * submitted attempt in submission order (attempts waiting for a grade left out), one column per item, no row as 0, another assignment's
 * responses ignored — with an attempt long enough that MySQL's default GROUP_CONCAT limit (1,024 bytes) would cut it.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScoreMatrix } from "../src/modules/insight/statistics.repository.ts";
import { createPublishedExercise } from "./factories.ts";
import { createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import {
  at,
  insertAssignment,
  insertAttempt,
  insertClass,
  insertStudent,
  type ResponseSpec,
} from "./insight-fixtures.ts";

describe.each(testEngines())("score matrix on %s", (engine) => {
  let t: TestApp;
  afterAll(async () => t?.close());
  beforeAll(async () => {
    t = await createTestApp(engine);
  });

  it("has every attempt's every score, however many items", async () => {
    const { orgId } = await signUp(t.app);
    const classId = await insertClass(t, orgId);
    const ex = await createPublishedExercise(t, orgId);
    const assignmentId = await insertAssignment(t, orgId, classId, ex);
    const other = await insertAssignment(t, orgId, classId, ex, { title: "Other" });
    const ann = await insertStudent(t, orgId, classId, "Ann");
    const bob = await insertStudent(t, orgId, classId, "Bob");
    // 60 items with long ids: about 2.7 KB of "item=score" pairs per attempt.
    const items = Array.from({ length: 60 }, (_, i) => `item-${String(i).padStart(3, "0")}-${"x".repeat(32)}`);
    const full: Record<string, ResponseSpec> = {};
    items.forEach((id, i) => {
      full[id] = { score: (i % 4) * 0.25, maxScore: 1 };
    });
    const waiting: Record<string, ResponseSpec> = { ...full, [items[7]!]: { score: 0, status: "pending" } };
    const partial: Record<string, ResponseSpec> = { [items[0]!]: { score: 1 }, [items[59]!]: { score: 0.5 } };
    const second = await insertAttempt(t, {
      orgId,
      classId,
      assignmentId,
      userId: bob,
      submittedAt: at(20),
      responses: partial,
    });
    const first = await insertAttempt(t, {
      orgId,
      classId,
      assignmentId,
      userId: ann,
      submittedAt: at(10),
      responses: full,
    });
    await insertAttempt(t, { orgId, classId, assignmentId: other, userId: ann, submittedAt: at(5), responses: full });
    // Writing still to grade: the attempt is left out until graded (api.md's pending rule).
    const cy = await insertStudent(t, orgId, classId, "Cy");
    await insertAttempt(t, { orgId, classId, assignmentId, userId: cy, submittedAt: at(15), responses: waiting });

    const m = await loadScoreMatrix(t.ctx.database.db, orgId, assignmentId, items);
    expect(m.attemptIds).toEqual([first.attemptId, second.attemptId]);
    expect(m.students).toEqual([ann, bob]);
    const row = (s: number) => Array.from(m.scores.subarray(s * items.length, (s + 1) * items.length));
    expect(row(0)).toEqual(items.map((_, i) => (i % 4) * 0.25));
    expect(row(1)).toEqual(items.map((_, i) => (i === 0 ? 1 : i === 59 ? 0.5 : 0)));

    const one = await loadScoreMatrix(t.ctx.database.db, orgId, assignmentId, items, {
      attemptIds: [second.attemptId],
    });
    expect(one.attemptIds).toEqual([second.attemptId]);
    expect(Array.from(one.scores)).toEqual(row(1));
    expect(
      (await loadScoreMatrix(t.ctx.database.db, orgId, assignmentId, items, { attemptIds: [] })).attemptIds,
    ).toEqual([]);
  });

  it.runIf(engine === "mysql")("raises GROUP_CONCAT's limit on every MySQL connection", async () => {
    // MariaDB's default (1 MiB) passes the test above; MySQL's (1 KiB) would not. An attempt of 10,000 items needs
    // about 0.5 MB, so the limit is checked here directly, on several pooled connections at once.
    const limits = await Promise.all(
      Array.from({ length: 4 }, () =>
        sql<{ v: number }>`select @@session.group_concat_max_len as v`.execute(t.ctx.database.db),
      ),
    );
    for (const l of limits) expect(Number(l.rows[0]?.v)).toBeGreaterThanOrEqual(64 * 1024 * 1024);
  });
});
