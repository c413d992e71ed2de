import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "./harness.ts";

describe.runIf(!!process.env.TEST_POSTGRES_URL)("PostgreSQL connection loss", () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await createTestDatabase("postgres");
  });
  afterAll(async () => target?.drop());

  it("survives an idle connection being killed by the server, and reopens one for the next query", async () => {
    const errors: Error[] = [];
    const database = openDatabase(target.url, { onPoolError: (err) => errors.push(err) });
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]?.pid;
    const admin = openDatabase(process.env.TEST_POSTGRES_URL as string);
    await sql`select pg_terminate_backend(${pid})`.execute(admin.db);
    await admin.close();
    // Without an error listener the pool's "error" event would have crashed this process here.
    await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
    const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
    expect(again.rows[0]?.one).toBe(1);
    await database.close();
  });
});
