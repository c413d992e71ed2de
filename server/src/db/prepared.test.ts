import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { prepareQuery } from "./prepared.ts";

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
