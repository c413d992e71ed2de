/**
 * Every route of the OpenAPI document, as each role and as nobody, with input no client should send: empty,
 * oversized, wrong-typed, unicode, NUL and path-traversal values in the path, the query and the body, and bodies
 * that are not JSON at all. Any 5xx fails (issue 16, defect 8). Bounded: a fixed number of cases per route and a
 * time budget per engine; the seed is printed so a failure can be replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };
interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
  body: Schema | null;
  multipart: boolean;
}

const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);
const WEIRD_STRINGS = [
  "",
  "a\u0000b",
  "../../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "x".repeat(5000),
  "Zoë 😀 \u202e ﷽",
  "' OR '1'='1",
  "-1",
  "1e309",
  "null",
];

/** A value of the wrong type for the schema (or a weird one of the right type). */
function wrongValue(s: Schema | undefined, rnd: () => number): unknown {
  const type = Array.isArray(s?.type) ? s?.type[0] : s?.type;
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  switch (type) {
    case "string":
      return pick<unknown>([12345, true, [], {}, null, ...WEIRD_STRINGS]);
    case "integer":
    case "number":
      return pick<unknown>(["7", -1, 1e308, 2 ** 53 + 1, 0.5, Number.NaN, "NaN", {}, null]);
    case "boolean":
      return pick<unknown>(["true", 1, null, "yes"]);
    case "array":
      return pick<unknown>(["[]", {}, [null], Array.from({ length: 2000 }, () => "x"), [wrongValue(s?.items, rnd)]]);
    default:
      return pick<unknown>(["x", 1, [], null, { "\u0000": 1 }, { __proto__: { admin: true } }]);
  }
}

function bodyCase(op: Operation, rnd: () => number): { payload: string; type: string } {
  const props = op.body?.properties ?? {};
  const r = rnd();
  if (r < 0.12) return { payload: "{not json", type: "application/json" };
  if (r < 0.2) return { payload: JSON.stringify([1, 2, 3]), type: "application/json" };
  if (r < 0.26) return { payload: "a=b", type: "application/x-www-form-urlencoded" };
  if (r < 0.32) return { payload: JSON.stringify({ x: "y".repeat(1_200_000) }), type: "application/json" };
  const body: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(props)) if (rnd() < 0.8) body[k] = wrongValue(s, rnd);
  return { payload: JSON.stringify(body), type: "application/json" };
}

function operations(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const o = raw as {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      };
      const content = o.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (o.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
        query: (o.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        body: content["application/json"]?.schema ?? null,
        multipart: !!content["multipart/form-data"],
      });
    }
  }
  // Deletions last, so that an owner deleting the organization does not make every later case a plain 404.
  return ops.sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with FUZZ_SEED. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testEngines())("route fuzz on %s", (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, { LOGIN_MAX_ATTEMPTS_PER_IP: "100000", LOGIN_MAX_FAILURES_PER_ACCOUNT: "100000" });
  });
  afterAll(async () => t?.close());

  it("answers no 5xx to any route, as any role, with malformed input", { timeout: BUDGET_MS + 60_000 }, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const rnd = seeded(seed);
    const owner = await signUp(t.app);
    const callers: [string, Client][] = [
      ["anonymous", new Client(t.app)],
      ["student", (await addMember(t, owner.orgId, "student")).client],
      ["teacher", (await addMember(t, owner.orgId, "teacher")).client],
      ["admin", (await addMember(t, owner.orgId, "admin")).client],
      ["owner", owner.client],
    ];
    const doc = (await t.app.inject({ url: "/api/v1/openapi.json" })).json();
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const started = Date.now();
    let cases = 0;
    let covered = 0;
    for (const op of ops) {
      if (Date.now() - started > BUDGET_MS) break;
      for (const [role, client] of callers) {
        // Logging out would leave the rest of this role's cases anonymous; the anonymous caller covers the route.
        if (op.path.endsWith("/auth/logout") && role !== "anonymous") continue;
        for (let i = 0; i < 8; i++) {
          const url =
            op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
              name === "orgId" && i % 2 === 0
                ? owner.orgId
                : encodeURIComponent(String(WEIRD_STRINGS[Math.floor(rnd() * WEIRD_STRINGS.length)])),
            ) +
            (op.query.length
              ? `?${op.query.map((q) => `${q}=${encodeURIComponent(String(wrongValue(undefined, rnd)))}`).join("&")}`
              : "");
          const body =
            op.method === "GET" || op.method === "DELETE"
              ? null
              : op.multipart
                ? {
                    payload: '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n\u0000',
                    type: "multipart/form-data",
                  }
                : bodyCase(op, rnd);
          const res = await t.app.inject({
            method: op.method as "GET",
            url,
            headers: {
              ...(client.cookie ? { cookie: client.cookie } : {}),
              ...(body ? { "content-type": body.type } : {}),
              "idempotency-key": String(WEIRD_STRINGS[i % WEIRD_STRINGS.length]).slice(0, 300) || "k",
            },
            ...(body ? { payload: body.payload } : {}),
          });
          cases++;
          if (res.statusCode >= 500) {
            failures.push(`${role} ${op.method} ${url.slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
      }
      covered++;
    }
    console.log(
      `route fuzz (${engine}): ${cases} requests over ${covered}/${ops.length} operations in ${Date.now() - started} ms, seed ${seed}`,
    );
    expect(failures, `seed ${seed}`).toEqual([]);
    expect(covered, "every operation within the time budget").toBe(ops.length);
  });
});
