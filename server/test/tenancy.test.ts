/**
 * Walks the whole route table: no organization route may run for a stranger, an anonymous caller or a member
 * whose role it does not list. New routes are covered the moment they are registered.
 */
import type { Role } from "@languagecloud/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRouteAccess } from "../src/plugins/access.ts";
import { addMember, Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

const FAKE_ID = "01900000-0000-7000-8000-000000000000";

function fill(url: string, orgId: string): string {
  return url.replace(":orgId", orgId).replace(/:[A-Za-z]+/g, FAKE_ID);
}

describe.each(testEngines())("tenancy on %s", (engine) => {
  let t: TestApp;
  let orgA: string;
  let stranger: Client;
  const clients: Partial<Record<Role, Client>> = {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    const a = await signUp(t.app, { organizationName: "School A" });
    orgA = a.orgId;
    clients.owner = a.client;
    for (const role of ["admin", "teacher", "student"] as const)
      clients[role] = (await addMember(t, orgA, role)).client;
    stranger = (await signUp(t.app, { organizationName: "School B" })).client;
  });
  afterAll(async () => t?.close());

  const orgRoutes = () => t.app.apiRoutes.filter((r) => r.url.startsWith("/api/v1/orgs/:orgId"));

  it("has organization routes to walk", () => {
    expect(orgRoutes().length).toBeGreaterThanOrEqual(8);
  });

  it("answers 404 to a member of another organization on every organization route", async () => {
    for (const r of orgRoutes()) {
      const res = await stranger.request(r.method as "GET", fill(r.url, orgA), r.method === "GET" ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
    }
  });

  it("answers 401 to an anonymous caller on every non-public route", async () => {
    const anon = new Client(t.app);
    for (const r of t.app.apiRoutes.filter((x) => !("public" in x.access))) {
      const res = await anon.request(r.method as "GET", fill(r.url, orgA), r.method === "GET" ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("guards the HEAD twin of every GET route as its GET (the access check is attached per route)", async () => {
    const anon = new Client(t.app);
    let checked = 0;
    for (const r of orgRoutes().filter((x) => x.method === "GET")) {
      const url = fill(r.url, orgA);
      expect((await anon.request("HEAD", url)).statusCode, `anonymous HEAD ${r.url}`).toBe(401);
      expect((await stranger.request("HEAD", url)).statusCode, `stranger HEAD ${r.url}`).toBe(404);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it("answers 403 to a member whose role the route does not list", async () => {
    let checked = 0;
    for (const r of orgRoutes()) {
      if (!("roles" in r.access)) continue;
      for (const role of ["admin", "teacher", "student"] as const) {
        if (r.access.roles.includes(role)) continue;
        const res = await clients[role]!.request(
          r.method as "GET",
          fill(r.url, orgA),
          r.method === "GET" ? undefined : {},
        );
        expect(res.statusCode, `${role}: ${r.method} ${r.url}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it("refuses at boot a route that declares no access, or an organization route without roles", () => {
    expect(() => checkRouteAccess({ method: "GET", url: "/api/v1/anything", config: {} })).toThrow(/config.access/);
    expect(() =>
      checkRouteAccess({ method: "GET", url: "/api/v1/orgs/:orgId/x", config: { access: { user: true } } }),
    ).toThrow(/access.roles/);
  });

  it("lets an admin manage roles but keeps the last owner", async () => {
    const admin = clients.admin!;
    const members = (await admin.get(`/api/v1/orgs/${orgA}/members`)).json().items as {
      user: { id: string };
      role: Role;
    }[];
    const owner = members.find((m) => m.role === "owner")!;
    const teacher = members.find((m) => m.role === "teacher")!;
    expect((await admin.patch(`/api/v1/orgs/${orgA}/members/${teacher.user.id}`, { role: "admin" })).json().role).toBe(
      "admin",
    );
    expect((await admin.patch(`/api/v1/orgs/${orgA}/members/${owner.user.id}`, { role: "teacher" })).statusCode).toBe(
      403,
    );
    const last = await clients.owner!.patch(`/api/v1/orgs/${orgA}/members/${owner.user.id}`, { role: "admin" });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe("last_owner");
    await admin.patch(`/api/v1/orgs/${orgA}/members/${teacher.user.id}`, { role: "teacher" });
  });

  it("paginates members with a cursor", async () => {
    const first = (await clients.owner!.get(`/api/v1/orgs/${orgA}/members?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await clients.owner!.get(`/api/v1/orgs/${orgA}/members?limit=2&cursor=${first.nextCursor}`)).json();
    const ids = [...first.items, ...second.items].map((m: { user: { id: string } }) => m.user.id);
    expect(new Set(ids).size).toBe(4);
    expect((await clients.owner!.get(`/api/v1/orgs/${orgA}/members?cursor=garbage`)).statusCode).toBe(400);
  });

  it("invites a new person who accepts with a name and password, once", async () => {
    const inv = await clients.admin!.post(`/api/v1/orgs/${orgA}/invitations`, {
      email: "new.teacher@example.org",
      role: "teacher",
    });
    expect(inv.statusCode).toBe(201);
    const ev = await t.ctx.database.db
      .selectFrom("events")
      .select("payload")
      .where("type", "=", "member.invited")
      .execute();
    const token = ev.map((e) => JSON.parse(e.payload)).find((p) => p.email === "new.teacher@example.org").token;
    const invitee = new Client(t.app);
    const res = await invitee.post(`/api/v1/invitations/${token}/accept`, {
      name: "Nina New",
      password: "nina's password",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().membership.role).toBe("teacher");
    const me = (await invitee.get("/api/v1/me")).json();
    expect(me.memberships.map((m: { organization: { id: string } }) => m.organization.id)).toEqual([orgA]);
    expect(
      (await new Client(t.app).post(`/api/v1/invitations/${token}/accept`, { name: "X", password: "0123456789" }))
        .statusCode,
    ).toBe(404);
  });

  it("replaces a pending invitation when the same person is invited again, and revokes one", async () => {
    const admin = clients.admin!;
    const url = `/api/v1/orgs/${orgA}/invitations`;
    const tokenOf = async (invitationId: string) => {
      const rows = await t.ctx.database.db
        .selectFrom("events")
        .select("payload")
        .where("type", "=", "member.invited")
        .execute();
      return rows.map((e) => JSON.parse(e.payload)).find((p) => p.invitationId === invitationId).token as string;
    };
    const first = (await admin.post(url, { email: "twice@example.org", role: "student" })).json();
    const second = (await admin.post(url, { email: "twice@example.org", role: "teacher" })).json();
    const listed = (await admin.get(`${url}?limit=100`))
      .json()
      .items.filter((i: { email: string }) => i.email === "twice@example.org");
    expect(listed.map((i: { id: string; role: string }) => [i.id, i.role])).toEqual([[second.id, "teacher"]]);
    const accept = (token: string) =>
      new Client(t.app).post(`/api/v1/invitations/${token}/accept`, { name: "Twice", password: "twice password" });
    expect((await accept(await tokenOf(first.id))).statusCode).toBe(404);

    // Revoked: gone from the list, its link dead; a teacher may not revoke, a second revoke is 404.
    expect((await clients.teacher!.delete(`${url}/${second.id}`)).statusCode).toBe(403);
    expect((await admin.delete(`${url}/${second.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`${url}/${second.id}`)).statusCode).toBe(404);
    expect((await admin.get(`${url}?limit=100`)).json().items.some((i: { id: string }) => i.id === second.id)).toBe(
      false,
    );
    expect((await accept(await tokenOf(second.id))).statusCode).toBe(404);
  });
});
