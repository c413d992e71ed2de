/**
 * xAPI to a real LRS: @learninglocker/xapi-statements (Learning Locker's statement service, GPL, test-only) runs
 * as a child process with its in-memory store; every statement we make passes @learninglocker/xapi-validation;
 * the worker sends them in batches, and after a redelivery the LRS still holds exactly one statement per item and
 * attempt. The interaction types are those interop.md assigns to each item type.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDue } from "../src/modules/xapi/xapi.sender.ts";
import { statementsForSubmission } from "../src/modules/xapi/xapi.statements.ts";
import { createAssignment, createClassWithStudents, createPublishedExercise, RIGHT_RESPONSES } from "./factories.ts";
import { addMember, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { waitFor } from "./worker-harness.ts";

const require = createRequire(import.meta.url);
const validate = (require("@learninglocker/xapi-validation") as { default: (s: unknown) => unknown[] }).default;
const LRS_SERVER = require.resolve("@learninglocker/xapi-statements/dist/server.js");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const XAPI_HEADERS = {
  "x-experience-api-version": "1.0.3",
  authorization: `Basic ${Buffer.from("lrs-key:lrs-secret").toString("base64")}`,
};

describe.each(testEngines())("xAPI on %s, to Learning Locker's statement service", (engine) => {
  let t: TestApp;
  let lrs: ChildProcess;
  let lrsDir = "";
  let lrsUrl = "";
  let orgId = "";
  let admin: Awaited<ReturnType<typeof signUp>>["client"];
  let attemptId = "";

  async function readBack(registration: string) {
    const res = await fetch(`${lrsUrl}/statements?registration=${registration}&limit=200`, { headers: XAPI_HEADERS });
    expect(res.status).toBe(200);
    return ((await res.json()) as { statements: Record<string, unknown>[] }).statements;
  }

  beforeAll(async () => {
    lrsDir = mkdtempSync(join(tmpdir(), "lc-lrs-"));
    const port = await freePort();
    lrsUrl = `http://127.0.0.1:${port}/xAPI`;
    // In-memory models; the auth and events repos in their test modes (no MongoDB, no Redis).
    lrs = spawn(process.execPath, [LRS_SERVER], {
      cwd: lrsDir,
      env: {
        PATH: process.env.PATH,
        EXPRESS_PORT: String(port),
        AUTH_REPO: "test",
        EVENTS_REPO: "test",
        MODELS_REPO: "memory",
        STORAGE_REPO: "local",
        FS_LOCAL_STORAGE_DIR: lrsDir,
        WINSTON_CONSOLE_LEVEL: "error",
      },
      stdio: "ignore",
    });
    await waitFor(async () => {
      try {
        return (await fetch(`${lrsUrl}/about`)).ok;
      } catch {
        return false;
      }
    }, 30_000);
    t = await createTestApp(
      engine,
      { PUBLIC_URL: "https://school.example", OUTBOUND_ALLOW_HOSTS: "127.0.0.1" },
      { jobs: true },
    );
    const owner = await signUp(t.app);
    orgId = owner.orgId;
    admin = owner.client;
  });

  afterAll(async () => {
    await t?.close();
    lrs?.kill("SIGKILL");
    rmSync(lrsDir, { recursive: true, force: true });
  });

  it("LRS settings: the secret is sealed and never shown; private endpoints are refused; the test button answers", async () => {
    const none = await admin.get(`/api/v1/orgs/${orgId}/xapi`);
    expect(none.statusCode).toBe(404);
    const first = await admin.put(`/api/v1/orgs/${orgId}/xapi`, { endpoint: lrsUrl, key: "lrs-key", enabled: true });
    expect(first.statusCode).toBe(422);
    const put = await admin.put(`/api/v1/orgs/${orgId}/xapi`, {
      endpoint: lrsUrl,
      key: "lrs-key",
      secret: "lrs-secret",
      enabled: true,
      actor: "account",
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.body).not.toContain("lrs-secret");
    const row = await t.ctx.database.db.selectFrom("xapi_settings").selectAll().executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain("lrs-secret");
    const got = await admin.get(`/api/v1/orgs/${orgId}/xapi`);
    expect(got.json()).toMatchObject({
      endpoint: lrsUrl,
      key: "lrs-key",
      enabled: true,
      actor: "account",
      hasSecret: true,
    });
    expect(got.body).not.toContain("lrs-secret");

    // Audited, with what changed, never the credentials' values.
    const again = await admin.put(`/api/v1/orgs/${orgId}/xapi`, {
      endpoint: lrsUrl,
      key: "lrs-key",
      secret: "lrs-secret",
      enabled: true,
      actor: "account",
    });
    expect(again.statusCode).toBe(200);
    const audit = await admin.get(`/api/v1/orgs/${orgId}/audit?targetType=xapi_settings&targetId=${orgId}`);
    expect(audit.json().items).toMatchObject([
      { action: "xapi.settings_updated", details: { endpoint: lrsUrl, changed: ["secret"] } },
      {
        action: "xapi.settings_created",
        actor: { type: "user" },
        details: {
          endpoint: lrsUrl,
          enabled: true,
          actor: "account",
          changed: ["endpoint", "key", "secret", "enabled", "actor"],
        },
      },
    ]);
    expect(audit.body).not.toContain("lrs-secret");
    expect(audit.body).not.toContain("lrs-key");
    const rows = await t.ctx.database.db.selectFrom("audit_log").select("details").execute();
    expect(JSON.stringify(rows)).not.toMatch(/lrs-secret|lrs-key/);

    const metadata = await admin.put(`/api/v1/orgs/${orgId}/xapi`, {
      endpoint: "http://169.254.169.254/xapi",
      key: "k",
      enabled: true,
    });
    expect(metadata.statusCode).toBe(422);

    const test = await admin.post(`/api/v1/orgs/${orgId}/xapi/test`, {});
    expect(test.json()).toMatchObject({ ok: true, status: 200 });
    const teacher = await addMember(t, orgId, "teacher");
    expect((await teacher.client.post(`/api/v1/orgs/${orgId}/xapi/test`, {})).statusCode).toBe(403);
  });

  it("a submission: one valid statement per item and one `completed`, exactly once in the LRS after a redelivery", async () => {
    const ex = await createPublishedExercise(t, orgId);
    const { client: teacher } = await addMember(t, orgId, "teacher");
    const cls = await createClassWithStudents(t, orgId, teacher, 1);
    const assignment = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId });
    const student = cls.students[0]?.client as (typeof cls.students)[number]["client"];
    const started = await student.post(`/api/v1/orgs/${orgId}/assignments/${assignment.id}/attempts`, {});
    attemptId = started.json().id;
    const submit = await student.post(
      `/api/v1/orgs/${orgId}/attempts/${attemptId}/submit`,
      { responses: RIGHT_RESPONSES },
      { "idempotency-key": `x-${attemptId}` },
    );
    expect(submit.statusCode, submit.body).toBe(200);

    const interactive = ex.items.filter((i) => i.type !== "description").length;
    const expected = interactive + 1;
    await waitFor(async () => (await readBack(attemptId)).length === expected, 20_000);
    const queued = await t.ctx.database.db
      .selectFrom("xapi_statements")
      .selectAll()
      .where("statement", "like", `%${attemptId}%`)
      .execute();
    expect(queued).toHaveLength(expected);
    for (const q of queued) expect(validate(JSON.parse(q.statement)), q.statement).toEqual([]);
    const stored = await readBack(attemptId);
    for (const s of stored) expect(validate(s)).toEqual([]);

    // A redelivery: the statements made again and sent again; the LRS keeps one of each.
    expect(await statementsForSubmission(t.ctx, orgId, attemptId)).toBe(0);
    await t.ctx.database.db.updateTable("xapi_statements").set({ status: "pending" }).execute();
    await sendDue(t.ctx, orgId);
    const again = await readBack(attemptId);
    expect(again).toHaveLength(expected);
    expect(new Set(again.map((s) => s.id)).size).toBe(expected);

    // interop.md's interaction per item type, and the essay that waits for its grade.
    const byItem = new Map(
      again
        .filter((s) => (s.verb as { id: string }).id.endsWith("/answered"))
        .map((s) => [String((s.object as { id: string }).id).split("/items/")[1], s]),
    );
    const typeOf = (id: string) =>
      (byItem.get(id)?.object as { definition?: { interactionType?: string } } | undefined)?.definition
        ?.interactionType ?? "";
    expect(
      Object.fromEntries(
        ["mc", "tf", "sa", "num", "gap", "bank", "drop", "match", "order", "mark", "essay"].map((i) => [i, typeOf(i)]),
      ),
    ).toEqual({
      mc: "choice",
      tf: "true-false",
      sa: "fill-in",
      num: "numeric",
      gap: "fill-in",
      bank: "fill-in",
      drop: "choice",
      match: "matching",
      order: "sequencing",
      mark: "choice",
      essay: "long-fill-in",
    });
    expect(byItem.get("intro")).toBeUndefined();
    const essay = byItem.get("essay") as { result: Record<string, unknown> };
    expect(essay.result.completion).toBe(true);
    expect(essay.result.score).toBeUndefined();
    expect(essay.result.success).toBeUndefined();
    const mc = byItem.get("mc") as { result: { response: string; success: boolean; score: { scaled: number } } };
    expect(mc.result).toMatchObject({ response: "b", success: true, score: { scaled: 1 } });
    const gap = byItem.get("gap") as { result: { response: string } };
    expect(gap.result.response).toBe("goes[,]comes");
    const one = again[0] as {
      actor: { account: { homePage: string; name: string } };
      context: Record<string, unknown>;
    };
    expect(one.actor.account.homePage).toBe("https://school.example");
    expect(one.actor.account.name).not.toContain(cls.students[0]?.email ?? "@");
    expect(one.context).toMatchObject({
      registration: attemptId,
      contextActivities: {
        parent: [{ id: `https://school.example/xapi/activities/assignments/${assignment.id}` }],
        grouping: [{ id: `https://school.example/xapi/activities/classes/${cls.classId}` }],
      },
    });

    // The teacher's grade of the essay: one `scored` statement.
    const queue = (await teacher.get(`/api/v1/orgs/${orgId}/assignments/${assignment.id}/grading`)).json();
    const entry = queue.items[0] as { responseId: string };
    expect(
      (await teacher.put(`/api/v1/orgs/${orgId}/responses/${entry.responseId}/grade`, { score: 4 })).statusCode,
    ).toBe(200);
    await waitFor(async () => (await readBack(attemptId)).length === expected + 1, 20_000);
    const scored = (await readBack(attemptId)).find((s) => (s.verb as { id: string }).id.endsWith("/scored")) as {
      result: { score: { raw: number; max: number } };
    };
    expect(validate(scored)).toEqual([]);
    expect(scored.result.score).toMatchObject({ raw: 4, max: 5 });
  });

  it("an unreachable LRS: the batch is kept and retried within a minute", async () => {
    const closed = await freePort();
    await admin.put(`/api/v1/orgs/${orgId}/xapi`, {
      endpoint: `http://127.0.0.1:${closed}/xapi`,
      key: "lrs-key",
      enabled: true,
    });
    await t.ctx.database.db
      .updateTable("xapi_statements")
      .set({ status: "pending", attempt_count: 0, next_attempt_at: new Date(0).toISOString() })
      .execute();
    await expect(sendDue(t.ctx, orgId)).rejects.toThrow(/LRS/);
    const rows = await t.ctx.database.db
      .selectFrom("xapi_statements")
      .selectAll()
      .where("organization_id", "=", orgId)
      .execute();
    expect(rows.every((r) => r.status === "pending" && r.attempt_count === 1)).toBe(true);
    const next = Math.max(...rows.map((r) => Date.parse(r.next_attempt_at)));
    expect(next - Date.now()).toBeLessThanOrEqual(60_000);
    expect(rows.every((r) => !String(r.last_error).includes("lrs-secret"))).toBe(true);
  });

  it("erasing a student deletes their statements still queued for the LRS, and no one else's", async () => {
    // The LRS is still unreachable (previous test): the statements of both submissions stay queued.
    const ex = await createPublishedExercise(t, orgId);
    const { client: teacher } = await addMember(t, orgId, "teacher");
    const cls = await createClassWithStudents(t, orgId, teacher, 2, "Erasure class");
    const assignment = await createAssignment(teacher, orgId, { exerciseId: ex.exerciseId, classId: cls.classId });
    const attempts: string[] = [];
    for (const s of cls.students) {
      const started = await s.client.post(`/api/v1/orgs/${orgId}/assignments/${assignment.id}/attempts`, {});
      const id = started.json().id as string;
      const submit = await s.client.post(
        `/api/v1/orgs/${orgId}/attempts/${id}/submit`,
        { responses: RIGHT_RESPONSES },
        { "idempotency-key": `e-${id}` },
      );
      expect(submit.statusCode, submit.body).toBe(200);
      attempts.push(id);
    }
    const queuedFor = async (attempt: string) =>
      t.ctx.database.db
        .selectFrom("xapi_statements")
        .select(["id", "status", "statement"])
        .where("statement", "like", `%${attempt}%`)
        .execute();
    const expected = ex.items.filter((i) => i.type !== "description").length + 1;
    await waitFor(async () => (await queuedFor(attempts[1] as string)).length === expected, 20_000);
    await waitFor(async () => (await queuedFor(attempts[0] as string)).length === expected, 20_000);
    const erased = cls.students[0] as (typeof cls.students)[0];
    // The statements name the student only by the pseudonym: neither their id nor their email is in them.
    for (const row of await queuedFor(attempts[0] as string)) {
      expect(row.status).not.toBe("sent");
      expect(row.statement).not.toContain(erased.userId);
      expect(row.statement).not.toContain(erased.email);
    }

    const res = await admin.post(`/api/v1/orgs/${orgId}/members/${erased.userId}/erase`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().changed.xapi_statements).toBe(expected);
    expect(await queuedFor(attempts[0] as string)).toEqual([]);
    const others = await queuedFor(attempts[1] as string);
    expect(others).toHaveLength(expected);
    expect(others.every((r) => r.status === "pending")).toBe(true);
  });
});
