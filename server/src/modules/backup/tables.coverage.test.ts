/**
 * The schema cannot outgrow the backup, the export and the eraser: every table of the live schema (on each engine)
 * with a column that refers to an organization or a user must be in `tables.ts`, with each user-referring column
 * named there. A failure says the exact line to add.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, testEngines } from "../../../test/harness.ts";
import { refersToOrganization, refersToUser, TABLE_SPECS } from "./tables.ts";

/** Tables of the migration machinery and SQLite's full-text index (derived from `exercises`, rebuilt by triggers). */
const MACHINERY = /^(kysely_migration|kysely_migration_lock|exercises_fts.*)$/;

describe.each(testEngines())("the table registry covers the live schema (%s)", (engine) => {
  let t: TestApp;
  let schema: { name: string; columns: string[] }[];
  beforeAll(async () => {
    t = await createTestApp(engine);
    const tables = await t.ctx.database.db.introspection.getTables();
    schema = tables
      .filter((table) => !MACHINERY.test(table.name) && !table.isView)
      .map((table) => ({ name: table.name, columns: table.columns.map((c) => c.name) }));
  });
  afterAll(async () => t?.close());

  it("registers every table with a column referring to an organization or a user", () => {
    const missing = schema
      .filter((table) => !TABLE_SPECS[table.name])
      .filter((table) => table.columns.some((c) => refersToOrganization(c) || refersToUser(c)))
      .map((table) => {
        const org = table.columns.includes("organization_id") ? "organization_id" : "none";
        const users = table.columns.filter((c) => refersToUser(c) && !c.includes("email") && c !== "recipient");
        const emails = table.columns.filter((c) => c.includes("email") || c === "recipient");
        const line = [
          `org: "${org}"`,
          `key: ["id"]`,
          users.length ? `users: { ${users.map((c) => `${c}: "reassign"`).join(", ")} }` : "",
          emails.length ? `emails: [${emails.map((c) => `"${c}"`).join(", ")}]` : "",
          `backup: "rows"`,
        ].filter(Boolean);
        return `Table "${table.name}" (columns ${table.columns.join(", ")}) is not registered. Add to TABLES in server/src/modules/backup/tables.ts (after the tables its foreign keys name; set its real primary key and rules):\n  ${table.name}: { ${line.join(", ")} },`;
      });
    expect(missing, missing.join("\n\n")).toEqual([]);
  });

  it("names every user-referring column of a registered table", () => {
    const unnamed: string[] = [];
    for (const table of schema) {
      const spec = TABLE_SPECS[table.name];
      if (!spec) continue;
      const named = new Set([...Object.keys(spec.users ?? {}), ...(spec.emails ?? [])]);
      for (const column of table.columns.filter(refersToUser)) {
        if (!named.has(column)) {
          unnamed.push(
            `Column ${table.name}.${column} refers to a user but server/src/modules/backup/tables.ts does not say what erasure does with it: add \`${column}: "reassign"\` (or "attempt", "delete", "account") to the \`users\` of ${table.name}${column.includes("email") || column === "recipient" ? `, or "${column}" to its \`emails\`` : ""}.`,
          );
        }
      }
    }
    expect(unnamed, unnamed.join("\n")).toEqual([]);
  });

  it("describes only tables and columns that exist, with an organization for every backed-up table", () => {
    const problems: string[] = [];
    const live = new Map(schema.map((table) => [table.name, new Set(table.columns)]));
    for (const [name, spec] of Object.entries(TABLE_SPECS)) {
      const columns = live.get(name);
      if (!columns) {
        problems.push(`${name} is registered in tables.ts but no migration creates it`);
        continue;
      }
      const named = [
        ...spec.key,
        ...Object.keys(spec.users ?? {}),
        ...(spec.emails ?? []),
        ...(spec.mentions ?? []),
        ...(spec.about ?? []),
        ...(spec.secret ?? []),
        ...(spec.via ? [spec.via.column] : []),
        ...(spec.org === "organization_id" ? ["organization_id"] : []),
      ];
      for (const column of named) if (!columns.has(column)) problems.push(`${name}.${column} does not exist`);
      if (spec.backup === "rows" && spec.org === "none")
        problems.push(`${name} is backed up but reaches no organization`);
      if (spec.via && !TABLE_SPECS[spec.via.table]) problems.push(`${name} follows ${spec.via.table}, not registered`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("lists parents before the tables that refer to them (a restore inserts in this order)", () => {
    const order = Object.keys(TABLE_SPECS);
    for (const [name, spec] of Object.entries(TABLE_SPECS)) {
      if (spec.via)
        expect(order.indexOf(spec.via.table), `${spec.via.table} before ${name}`).toBeLessThan(order.indexOf(name));
    }
  });
});
