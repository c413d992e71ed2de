/**
 * A student reads their own work right after writing it, however far the read replica lags (operations.md). The
 * replica here is a second database with the schema and nothing else: a replica that has replayed nothing since.
 * Right after joining, the student's account and class are there (`/me`, `/me/assignments`); right after
 * submitting, the attempt and the assignment list show it. The cluster suite found `/me` answering 401 and
 * `/me/assignments` showing the assignment not yet done while the replica's replay was paused.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { type Database, openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createAssignment, createPublishedExercise, RIGHT_RESPONSES } from "./factories.ts";
import {
  Client,
  createTestDatabase,
  signUp,
  type TestApp,
  type TestDatabase,
  testEngines,
  uniqueEmail,
} from "./harness.ts";

describe.each(testEngines())("read-your-writes with a lagging replica on %s", (engine) => {
  let t: TestApp;
  let dbs: TestDatabase[];
  let orgId: string;
  let joinCode: string;
  let assignmentId: string;

  beforeAll(async () => {
    dbs = [await createTestDatabase(engine), await createTestDatabase(engine)];
    const [primary, replica] = dbs.map((d) => openDatabase(d.url)) as [Database, Database];
    await migrateToLatest(primary.db);
    await migrateToLatest(replica.db);
    const database: Database = {
      dialect: primary.dialect,
      db: primary.db,
      read: replica.db,
      async close() {
        await replica.close();
        await primary.close();
      },
    };
    const dataDir = mkdtempSync(join(tmpdir(), "lc-ryw-"));
    const config = loadConfig({
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      DATABASE_URL: dbs[0]?.url,
      LOG_LEVEL: "silent",
      PASSWORD_HASH_COST: "10",
      DEMO_DATA: "false",
    });
    const ctx = createContext(config, { database });
    const app = await buildApp(ctx, { webRoot: join(dataDir, "no-web") });
    t = {
      engine,
      app,
      ctx,
      dataDir,
      async close() {
        await app.close();
        await ctx.close();
        await database.close();
        for (const d of dbs) await d.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    const owner = await signUp(app);
    orgId = owner.orgId;
    const ex = await createPublishedExercise(t, orgId);
    const cls = await owner.client.post(`/api/v1/orgs/${orgId}/classes`, { name: "B1" });
    joinCode = cls.json().joinCode;
    assignmentId = (await createAssignment(owner.client, orgId, { exerciseId: ex.exerciseId, classId: cls.json().id }))
      .id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows a new student their account, class and assignments right after joining", async () => {
    const student = new Client(t.app);
    const j = await student.post("/api/v1/auth/join", {
      code: joinCode,
      name: "New Student",
      email: uniqueEmail("ryw"),
      password: "student password 1",
    });
    expect(j.statusCode, j.body).toBe(201);
    const me = await student.get("/api/v1/me");
    expect(me.statusCode, me.body).toBe(200);
    expect(me.body).toContain(orgId);
    const mine = await student.get(`/api/v1/orgs/${orgId}/me/assignments`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.map((a: { id: string }) => a.id)).toContain(assignmentId);
  });

  it("shows a student their submitted attempt in the attempt and in their list", async () => {
    const student = new Client(t.app);
    await student.post("/api/v1/auth/join", {
      code: joinCode,
      name: "Another Student",
      email: uniqueEmail("ryw"),
      password: "student password 1",
    });
    const started = await student.post(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`);
    expect(started.statusCode, started.body).toBe(201);
    const attemptId = started.json().id as string;
    const submitted = await student.post(
      `/api/v1/orgs/${orgId}/attempts/${attemptId}/submit`,
      { responses: RIGHT_RESPONSES },
      { "idempotency-key": `ryw-${attemptId}` },
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    const attempt = await student.get(`/api/v1/orgs/${orgId}/attempts/${attemptId}`);
    expect(attempt.json().status).toBe("submitted");
    const mine = await student.get(`/api/v1/orgs/${orgId}/me/assignments`);
    const entry = mine.json().items.find((a: { id: string }) => a.id === assignmentId);
    expect(entry?.lastAttemptId).toBe(attemptId);
    expect(entry?.attemptsUsed).toBe(1);
  });
});
