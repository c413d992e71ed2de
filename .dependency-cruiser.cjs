/**
 * The house rules of the code's structure (docs/architecture.md, "Layers"), checked in CI by dependency-cruiser:
 * `npm run lint:deps`. A rule here is a promise the layering makes; break one and CI says which import did.
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment:
        "A cycle of imports makes load order matter and modules impossible to understand alone. Type-only imports " +
        "vanish at run time and do not count; a dynamic import does (a cycle cut by one is still a cycle).",
      from: { path: "^(domain|server|web)/src" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "jobs-through-the-context",
      severity: "error",
      comment:
        "Module code enqueues with ctx.jobs.enqueue: jobs/runtime.ts imports every module's job files " +
        "(jobs/modules.ts), so a module importing it back would make the cycle this rule keeps away.",
      from: { path: "^server/src/modules/" },
      to: { path: "^server/src/jobs/(runtime|modules)\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain/ is pure code shared by the server, the web app and the command line.",
      from: { path: "^domain/src" },
      to: { path: "^(server|web)/" },
    },
    {
      name: "domain-no-node-io",
      severity: "error",
      comment: "domain/ runs in the browser too: no file system, network or process access (tests excepted).",
      from: { path: "^domain/src", pathNot: "(\\.test|/testing)\\.ts$" },
      to: {
        path: "^(fs|node:fs|fs/promises|node:fs/promises|net|node:net|http|node:http|child_process|node:child_process)$",
      },
    },
    {
      name: "web-not-server",
      severity: "error",
      comment: "The web app talks to the server over HTTP only (a test may compare a constant with the server's).",
      from: { path: "^web/src", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^server/" },
    },
    {
      name: "server-not-web",
      severity: "error",
      from: { path: "^server/src" },
      to: { path: "^web/src" },
    },
    {
      name: "routes-not-routes",
      severity: "error",
      comment: "A route file registers its own endpoints; shared behaviour belongs in a service.",
      from: { path: "\\.routes\\.ts$" },
      to: { path: "\\.routes\\.ts$" },
    },
    {
      name: "thin-routes",
      severity: "error",
      comment: "Routes parse, call a service and answer: SQL and its repositories are reached through services.",
      from: { path: "\\.routes\\.ts$" },
      to: { path: "(\\.repository\\.ts$|^server/src/db/database\\.ts$|^kysely$)", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "presenters-shape-only",
      severity: "error",
      comment: "Presenters turn rows into API shapes; they may name a row's type, never query.",
      from: { path: "\\.presenter\\.ts$" },
      to: { path: "\\.repository\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "sql-in-repositories",
      severity: "error",
      comment:
        "Query building (kysely's sql tag, raw drivers) only in repositories, db/ and the infrastructure that owns " +
        "a store; the known exceptions are listed in docs/architecture.md, House rules.",
      from: {
        path: "^server/src/modules/.*\\.(routes|presenter|schema)\\.ts$",
      },
      to: { path: "^(kysely|pg|mysql2|better-sqlite3)$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-orphans-in-domain",
      severity: "warn",
      comment: "A domain file nothing imports is dead code (or a test helper that should say so in its name).",
      from: { orphan: true, path: "^domain/src", pathNot: "(\\.test\\.ts|/testing\\.ts|\\.d\\.ts)$" },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
  },
};
