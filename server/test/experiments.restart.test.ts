/**
 * A teaching experiment survives a restart of the server on every engine: the same database (SQLite file,
 * PostgreSQL, MySQL) and data directory, a new process context and app. The experiment, who got which variant,
 * the results and the de-identified CSV read the same afterwards; the stored deal is the one the seed gives; a
 * student who joins after the restart is dealt the next variant of their class's deal and nobody else's moves;
 * work done after the restart counts.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dealStudents, variantAt } from "@languagecloud/domain";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { startJobs } from "../src/background.ts";
import { loadConfig } from "../src/config.ts";
import { createContext } from "../src/context.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { createClassWithStudents, createPublishedExercise } from "./factories.ts";
import {
  Client,
  createTestDatabase,
  signUp,
  type TestApp,
  type TestDatabase,
  testEngines,
  uniqueEmail,
} from "./harness.ts";
import { waitFor } from "./worker-harness.ts";

const ITEMS = ["q1", "q2", "q3", "q4"].map((id) => ({
  id,
  type: "true_false" as const,
  prompt: `Statement ${id}`,
  answer: true,
}));

type Participant = { student: { id: string }; classId: string; variant: string; late: boolean };
type Detail = {
  status: string;
  variants: { id: string }[];
  participants: Participant[];
  assignments: { assignmentId: string; classId: string; variant: string | null }[];
};

/** One "process": a context and the app on the given database and data directory, with the jobs running. */
async function boot(engine: TestApp["engine"], url: string, dataDir: string): Promise<TestApp> {
  const ctx = createContext(
    loadConfig({
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      LOG_LEVEL: "silent",
      PASSWORD_HASH_COST: "10",
      DEMO_DATA: "false",
    }),
  );
  await migrateToLatest(ctx.database.db);
  const app = await buildApp(ctx, { webRoot: join(dataDir, "no-web") });
  await app.ready();
  const background = await startJobs(ctx, { consume: true, relay: { pollMs: 100 }, shutdownMs: 5000 });
  return {
    engine,
    app,
    ctx,
    dataDir,
    async close() {
      await background.stop();
      await app.close();
      await ctx.close();
    },
  };
}

async function submit(orgId: string, client: Client, assignmentId: string, right: number) {
  const start = await client.post(`/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`);
  expect(start.statusCode, start.body).toBe(201);
  const responses = Object.fromEntries(ITEMS.map((it, i) => [it.id, { value: i < right }]));
  const res = await client.post(
    `/api/v1/orgs/${orgId}/attempts/${start.json().id}/submit`,
    { responses },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(200);
}

describe.each(testEngines())("a teaching experiment across a restart on %s", (engine) => {
  let database: TestDatabase;
  let dataDir: string;
  let running: TestApp | null = null;

  afterAll(async () => {
    await running?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the experiment, the deal and the results; a later joiner gets the next variant", async () => {
    database = await createTestDatabase(engine);
    dataDir = mkdtempSync(join(tmpdir(), "lc-restart-"));
    let t = await boot(engine, database.url, dataDir);
    running = t;
    const { client: owner, orgId } = await signUp(t.app);
    const base = `/api/v1/orgs/${orgId}`;
    const ex: Record<string, string> = {};
    for (const name of ["rule", "examples", "post"])
      ex[name] = (await createPublishedExercise(t, orgId, { title: `Past simple ${name}`, items: ITEMS })).exerciseId;
    const classes = [
      await createClassWithStudents(t, orgId, owner, 7, "Tuesday B1"),
      await createClassWithStudents(t, orgId, owner, 6, "Thursday B1"),
    ];
    const created = await owner.post(`${base}/experiments`, {
      name: "Examples or rules?",
      question: "Is the examples-first version better than the rule-first one?",
      classIds: classes.map((c) => c.classId),
      variants: [
        { name: "Rule first", exerciseId: ex.rule },
        { name: "Examples first", exerciseId: ex.examples },
      ],
      outcome: { exerciseId: ex.post },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect((await owner.post(`${base}/experiments/${id}/start`)).statusCode).toBe(200);
    const before = (await owner.get(`${base}/experiments/${id}`)).json() as Detail;
    const variantOf = new Map(before.participants.map((p) => [p.student.id, p.variant]));
    const outcomeOf = (classId: string) =>
      before.assignments.find((a) => a.classId === classId && a.variant === null)!.assignmentId;
    // All but the last student of each class do the post-test before the restart.
    for (const cls of classes)
      for (const [i, st] of cls.students.slice(0, -1).entries())
        await submit(
          orgId,
          st.client,
          outcomeOf(cls.classId),
          variantOf.get(st.userId) === before.variants[1]!.id ? 3 : 1 + (i % 2),
        );
    const results = (await owner.get(`${base}/experiments/${id}/results`)).json();
    const csv = (await owner.get(`${base}/experiments/${id}/export.csv`)).body;
    expect(
      results.variants.map((v: { completed: number }) => v.completed).reduce((a: number, b: number) => a + b),
    ).toBe(11);

    // The restart: the app and its context go; a new one opens the same database and data directory.
    await t.close();
    running = null;
    t = await boot(engine, database.url, dataDir);
    running = t;
    const again = new Client(t.app);
    again.cookie = owner.cookie; // the session is a database row: it survives too
    const after = (await again.get(`${base}/experiments/${id}`)).json() as Detail;
    expect(after).toEqual(before);
    expect((await again.get(`${base}/experiments/${id}/results`)).json()).toEqual(results);
    expect((await again.get(`${base}/experiments/${id}/export.csv`)).body).toBe(csv); // same pseudonyms

    // The stored deal is the seed's: dealing the same students again gives every one the same variant.
    const row = await t.ctx.database.db
      .selectFrom("experiments")
      .select(["seed"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    for (const cls of classes) {
      const redealt = dealStudents(
        row.seed,
        cls.classId,
        cls.students.map((s) => s.userId),
        2,
      );
      for (const d of redealt) expect(variantOf.get(d.userId)).toBe(before.variants[d.variant]!.id);
    }

    // A student who joins after the restart takes the next position of the class's deal.
    const late = new Client(t.app);
    const joined = await late.post("/api/v1/auth/join", {
      code: classes[0]!.joinCode,
      name: "Late Lee",
      email: uniqueEmail("late"),
      password: "student password 1",
    });
    expect(joined.statusCode, joined.body).toBe(201);
    const lateId = joined.json().user.id as string;
    let now = after;
    await waitFor(async () => {
      now = (await again.get(`${base}/experiments/${id}`)).json() as Detail;
      return now.participants.some((p) => p.student.id === lateId);
    });
    const lee = now.participants.find((p) => p.student.id === lateId)!;
    const position = classes[0]!.students.length;
    expect(lee.late).toBe(true);
    expect(lee.variant).toBe(before.variants[variantAt(row.seed, classes[0]!.classId, position, 2)]!.id);
    for (const p of before.participants)
      expect(now.participants.find((q) => q.student.id === p.student.id)!.variant).toBe(p.variant);

    // Work after the restart counts: the last students do the post-test.
    for (const cls of classes) {
      const last = new Client(t.app);
      last.cookie = cls.students.at(-1)!.client.cookie;
      await submit(orgId, last, outcomeOf(cls.classId), 2);
    }
    const later = (await again.get(`${base}/experiments/${id}/results`)).json();
    expect(later.variants.map((v: { completed: number }) => v.completed).reduce((a: number, b: number) => a + b)).toBe(
      13,
    );
  });
});
