import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { prepareInsert, prepareQuery, prepareStatement } from "./prepared.ts";

interface TestDb {
  t: { id: string; org: string; n: number };
}

function db() {
  const sqlite = new SQLite(":memory:");
  sqlite.exec("create table t (id text primary key, org text, n integer)");
  sqlite.exec("insert into t values ('a','x',1),('b','x',2),('c','y',3)");
  return new Kysely<TestDb>({ dialect: new SqliteDialect({ database: sqlite }) });
}

describe("prepareQuery", () => {
  it("runs the compiled query with each call's values, keeping the constants", async () => {
    const k = db();
    const q = prepareQuery(k, ["org"], (db, v) =>
      db.selectFrom("t").select(["id", "n"]).where("org", "=", v.org).where("n", ">", 1).orderBy("id"),
    );
    expect(await q({ org: "x" })).toEqual([{ id: "b", n: 2 }]);
    expect(await q({ org: "y" })).toEqual([{ id: "c", n: 3 }]);
    expect(await q({ org: "z" })).toEqual([]);
    await k.destroy();
  });

  it("refuses at build time a value that is not a bound parameter", () => {
    const k = db();
    expect(() =>
      prepareQuery(k, ["org", "unused"], (db, v) => db.selectFrom("t").selectAll().where("org", "=", v.org)),
    ).toThrow(/unused/);
  });
});

describe("prepareStatement", () => {
  it("compiles once and runs on the database or a transaction, with each call's values", async () => {
    const k = db();
    const bump = prepareStatement(["org", "by"], (db: Kysely<TestDb>, v) =>
      db
        .updateTable("t")
        .set((eb) => ({ n: eb("n", "+", v.by as never) }))
        .where("org", "=", v.org),
    );
    expect(Number((await bump(k, { org: "x", by: 10 })).numAffectedRows)).toBe(2);
    await k.transaction().execute(async (trx) => {
      expect(Number((await bump(trx, { org: "y", by: 1 })).numAffectedRows)).toBe(1);
    });
    expect(await k.selectFrom("t").select(["id", "n"]).orderBy("id").execute()).toEqual([
      { id: "a", n: 11 },
      { id: "b", n: 12 },
      { id: "c", n: 4 },
    ]);
    await k.destroy();
  });

  it("refuses a value that is not a bound parameter on first use", async () => {
    const k = db();
    const q = prepareStatement(["org", "unused"], (db: Kysely<TestDb>, v) =>
      db.selectFrom("t").selectAll().where("org", "=", v.org),
    );
    await expect(q(k, { org: "x", unused: 1 })).rejects.toThrow(/unused/);
  });
});

describe("prepareInsert", () => {
  it("inserts any number of rows, over several statements past 100, missing values as NULL", async () => {
    const k = db();
    const insert = prepareInsert<TestDb, "t">("t", ["id", "org", "n"]);
    await insert(k, [
      { id: "d", org: "z", n: 4 },
      { id: "e", org: "z" },
    ]);
    const many = Array.from({ length: 250 }, (_, i) => ({ id: `m${String(i).padStart(3, "0")}`, org: "m", n: i }));
    await k.transaction().execute((trx) => insert(trx, many));
    expect(await k.selectFrom("t").select(["id", "n"]).where("org", "=", "z").orderBy("id").execute()).toEqual([
      { id: "d", n: 4 },
      { id: "e", n: null },
    ]);
    const stored = await k.selectFrom("t").select(["id", "n"]).where("org", "=", "m").orderBy("id").execute();
    expect(stored).toEqual(many.map(({ id, n }) => ({ id, n })));
    await k.destroy();
  });
});
