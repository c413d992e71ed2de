/**
 * API keys: created by admins, the secret shown once and stored hashed, usable only inside their organization with
 * their role, refused after revocation and on routes that need a person.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../src/lib/tokens.ts";
import { addMember, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

describe.each(testEngines())("API keys on %s", (engine) => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof signUp>>;
  let b: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    a = await signUp(t.app, { organizationName: "School A" });
    b = await signUp(t.app, { organizationName: "School B" });
  });
  afterAll(async () => t?.close());

  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
  const call = (method: "GET" | "POST" | "DELETE" | "PATCH", url: string, secret: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { ...bearer(secret), ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });

  async function createKey(role: "admin" | "teacher" | "student" | "owner", name = `${role} key`) {
    const res = await a.client.post(`/api/v1/orgs/${a.orgId}/api-keys`, { name, role });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; name: string; role: string; secret: string; prefix: string };
  }

  it("creates a key whose secret is shown once and stored only as a hash", async () => {
    const key = await createKey("teacher", "Gradebook sync");
    expect(key.secret).toMatch(/^lc_[A-Za-z0-9_-]{40,}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 11));
    const row = await t.ctx.database.db
      .selectFrom("api_keys")
      .selectAll()
      .where("id", "=", key.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashToken(key.secret));
    expect(JSON.stringify(row)).not.toContain(key.secret);
    const list = await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys`);
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name: "Gradebook sync", role: "teacher", prefix: key.prefix, lastUsedAt: null });
    expect(list.body).not.toContain(key.secret);
    const one = await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`);
    expect(one.json()).not.toHaveProperty("secret");
  });

  it("authenticates as the key inside its organization, with its role, and records the last use", async () => {
    const key = await createKey("teacher");
    const members = await call("GET", `/api/v1/orgs/${a.orgId}/members`, key.secret);
    expect(members.statusCode).toBe(200);
    // A teacher key cannot do what only admins can.
    expect((await call("GET", `/api/v1/orgs/${a.orgId}/api-keys`, key.secret)).statusCode).toBe(403);
    const used = await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`);
    expect(used.json().lastUsedAt).toEqual(expect.any(String));
  });

  it("records the last use at most once a minute", async () => {
    const key = await createKey("teacher");
    await call("GET", `/api/v1/orgs/${a.orgId}`, key.secret);
    const first = (await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`)).json().lastUsedAt;
    await new Promise((r) => setTimeout(r, 5));
    await call("GET", `/api/v1/orgs/${a.orgId}`, key.secret);
    expect((await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`)).json().lastUsedAt).toBe(first);
    // Once the minute has passed, the next use is written.
    const old = new Date(Date.now() - 120_000).toISOString();
    await t.ctx.database.db.updateTable("api_keys").set({ last_used_at: old }).where("id", "=", key.id).execute();
    await call("GET", `/api/v1/orgs/${a.orgId}`, key.secret);
    const after = (await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`)).json().lastUsedAt;
    expect(after > old).toBe(true);
  });

  it("never reaches another organization: 404 on every route of organization B", async () => {
    const key = await createKey("admin");
    for (const path of ["", "/members", "/api-keys", "/invitations"]) {
      const res = await call("GET", `/api/v1/orgs/${b.orgId}${path}`, key.secret);
      expect(res.statusCode, path).toBe(404);
    }
    expect((await call("PATCH", `/api/v1/orgs/${b.orgId}`, key.secret, { name: "Taken over" })).statusCode).toBe(404);
    // Nor can organization B see or revoke A's key.
    expect((await b.client.get(`/api/v1/orgs/${b.orgId}/api-keys/${key.id}`)).statusCode).toBe(404);
    expect((await b.client.delete(`/api/v1/orgs/${b.orgId}/api-keys/${key.id}`)).statusCode).toBe(404);
    expect((await call("GET", `/api/v1/orgs/${a.orgId}`, key.secret)).statusCode).toBe(200);
  });

  it("never passes for a session on routes that need a person", async () => {
    const key = await createKey("admin");
    const me = await call("GET", "/api/v1/me", key.secret);
    expect(me.statusCode).toBe(403);
    // A key cannot mint more keys, even an admin key.
    const minted = await call("POST", `/api/v1/orgs/${a.orgId}/api-keys`, key.secret, { name: "x", role: "admin" });
    expect(minted.statusCode).toBe(403);
  });

  it("answers 401 to an unknown or revoked key, and 404 when revoking twice", async () => {
    const key = await createKey("teacher");
    expect((await call("GET", `/api/v1/orgs/${a.orgId}`, `${key.secret}x`)).statusCode).toBe(401);
    expect((await call("GET", `/api/v1/orgs/${a.orgId}`, "lc_nope")).statusCode).toBe(401);
    expect((await call("GET", `/api/v1/orgs/${a.orgId}`, "not-a-key")).statusCode).toBe(401);
    expect((await a.client.delete(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`)).statusCode).toBe(204);
    const after = await call("GET", `/api/v1/orgs/${a.orgId}`, key.secret);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("unauthorized");
    expect((await a.client.delete(`/api/v1/orgs/${a.orgId}/api-keys/${key.id}`)).statusCode).toBe(404);
    const list = (await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys`)).json();
    expect(list.items.map((k: { id: string }) => k.id)).not.toContain(key.id);
  });

  it("lets only owners create owner keys, and refuses non-admins", async () => {
    const admin = await addMember(t, a.orgId, "admin");
    const teacher = await addMember(t, a.orgId, "teacher");
    expect((await admin.client.post(`/api/v1/orgs/${a.orgId}/api-keys`, { name: "o", role: "owner" })).statusCode).toBe(
      403,
    );
    expect((await a.client.post(`/api/v1/orgs/${a.orgId}/api-keys`, { name: "o", role: "owner" })).statusCode).toBe(
      201,
    );
    expect(
      (await teacher.client.post(`/api/v1/orgs/${a.orgId}/api-keys`, { name: "t", role: "teacher" })).statusCode,
    ).toBe(403);
    expect((await a.client.post(`/api/v1/orgs/${a.orgId}/api-keys`, { name: "", role: "teacher" })).statusCode).toBe(
      400,
    );
  });

  it("paginates keys with a cursor", async () => {
    const first = (await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await a.client.get(`/api/v1/orgs/${a.orgId}/api-keys?limit=2&cursor=${first.nextCursor}`)).json();
    const ids = [...first.items, ...second.items].map((k: { id: string }) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.items.length).toBeGreaterThan(0);
  });
});
