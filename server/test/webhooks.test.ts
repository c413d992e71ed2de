/**
 * Outgoing webhooks end to end against a receiver on 127.0.0.1: registration and its SSRF check, signed
 * deliveries verified by an independent implementation (WebCrypto), retries with backoff, giving up and disabling,
 * redelivery by hand, the delivery log, and tenancy.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sealSecret } from "../src/infra/webhooks/secret-box.ts";
import { newId } from "../src/lib/ids.ts";
import {
  deliverDueWebhooks,
  deliverWebhook,
  fanOutWebhooks,
  type OutboxEvent,
  pruneDeliveries,
  retryDelayMs,
} from "../src/modules/webhooks/webhooks.delivery.ts";
import { createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver whose answers are scripted per test: each request takes the next status (200 when none is left). */
class Receiver {
  server!: Server;
  port = 0;
  received: Received[] = [];
  script: (number | { status: number; location: string })[] = [];
  async start() {
    this.server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => {
        body += c;
      });
      req.on("end", () => {
        this.received.push({ url: req.url ?? "", headers: req.headers, body });
        const next = this.script.shift() ?? 200;
        if (typeof next === "number") res.writeHead(next).end("ok");
        else res.writeHead(next.status, { location: next.location }).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path = "/hook") {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/**
 * Verifies a signature the way an integrator would, with WebCrypto rather than our signer: any `v1` may match
 * (there are two for a day after a secret rotation).
 */
async function verifySignature(secret: string, header: string, rawBody: string): Promise<boolean> {
  const pairs = header.split(",").map((kv) => kv.split("=") as [string, string]);
  const parts = Object.fromEntries(pairs);
  const v1s = pairs.filter(([k]) => k === "v1").map(([, v]) => v);
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${parts.t}.${rawBody}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return v1s.includes(hex) && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

describe.each(testEngines())("webhooks on %s", (engine) => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof signUp>>;
  let b: Awaited<ReturnType<typeof signUp>>;
  const rx = new Receiver();

  beforeAll(async () => {
    await rx.start();
    t = await createTestApp(engine, { WEBHOOK_ALLOW_HOSTS: "127.0.0.1", WEBHOOK_RETRY_BASE_SECONDS: "30" });
    a = await signUp(t.app, { organizationName: "School A" });
    b = await signUp(t.app, { organizationName: "School B" });
  });
  afterAll(async () => {
    await t?.close();
    await rx.stop();
  });
  beforeEach(() => {
    rx.received = [];
    rx.script = [];
  });

  const base = () => `/api/v1/orgs/${a.orgId}/webhooks`;
  async function register(events = ["assignment.created"], path = "/hook") {
    const res = await a.client.post(base(), { url: rx.url(path), events });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string; url: string; events: string[]; active: boolean };
  }
  function event(type = "assignment.created", createdAt = new Date(), orgId = a.orgId): OutboxEvent {
    return {
      id: newId(),
      organizationId: orgId,
      type,
      payload: { assignmentId: "as1", title: "Unit 3" },
      createdAt: createdAt.toISOString(),
    };
  }
  const deliveries = async (webhookId: string) =>
    (await a.client.get(`${base()}/${webhookId}/deliveries`)).json().items as {
      id: string;
      status: string;
      attempts: number;
      nextAttemptAt: string | null;
      deliveredAt: string | null;
      log: { statusCode: number | null; durationMs: number; error: string | null; manual: boolean }[];
    }[];

  it("registers an endpoint with a secret shown once and stored encrypted; reads, updates and deletes it", async () => {
    const hook = await register(["assignment.created", "attempt.submitted", "assignment.created"]);
    expect(hook).toMatchObject({ url: rx.url(), events: ["assignment.created", "attempt.submitted"], active: true });
    expect(hook.secret).toMatch(/^whsec_/);
    const row = await t.ctx.database.db
      .selectFrom("webhook_endpoints")
      .selectAll()
      .where("id", "=", hook.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_encrypted).not.toContain(hook.secret.slice(6));
    const one = await a.client.get(`${base()}/${hook.id}`);
    expect(one.json()).not.toHaveProperty("secret");
    expect((await a.client.get(base())).body).not.toContain(hook.secret);
    const patched = await a.client.patch(`${base()}/${hook.id}`, { events: ["student.joined"], active: false });
    expect(patched.json()).toMatchObject({ events: ["student.joined"], active: false });
    expect((await a.client.patch(`${base()}/${hook.id}`, { url: "http://10.0.0.1/x" })).statusCode).toBe(422);
    expect((await a.client.patch(`${base()}/${hook.id}`, {})).statusCode).toBe(400);
    expect((await a.client.delete(`${base()}/${hook.id}`)).statusCode).toBe(204);
    expect((await a.client.get(`${base()}/${hook.id}`)).statusCode).toBe(404);
  });

  it("refuses private, loopback and non-http URLs at registration with 422 url_not_allowed", async () => {
    for (const url of [
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:8080/",
      "http://[::ffff:192.168.0.1]/",
      "http://127.0.0.2/",
      "http://100.64.1.1/",
      "ftp://example.com/x",
    ]) {
      const res = await a.client.post(base(), { url, events: ["assignment.created"] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().error.code).toBe("url_not_allowed");
    }
    expect((await a.client.post(base(), { url: rx.url(), events: ["nope"] })).statusCode).toBe(400);
    expect((await a.client.post(base(), { url: rx.url(), events: [] })).statusCode).toBe(400);
  });

  it("delivers a signed JSON POST that an independent implementation verifies", async () => {
    const hook = await register(["assignment.created"]);
    const ev = event();
    const ids = await fanOutWebhooks(t.ctx, ev);
    expect(ids).toHaveLength(1);
    const outcome = await deliverWebhook(t.ctx, ids[0] as string);
    expect(outcome).toMatchObject({ attempted: true, ok: true, status: "succeeded" });
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0] as Received;
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["languagecloud-event-id"]).toBe(ev.id);
    const signature = got.headers["languagecloud-signature"] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(await verifySignature(hook.secret, signature, got.body)).toBe(true);
    expect(await verifySignature(hook.secret, signature, `${got.body} `)).toBe(false);
    expect(await verifySignature(`${hook.secret}x`, signature, got.body)).toBe(false);
    expect(JSON.parse(got.body)).toEqual({
      id: ev.id,
      type: "assignment.created",
      createdAt: ev.createdAt,
      organizationId: a.orgId,
      data: { assignmentId: "as1", title: "Unit 3" },
    });
    // Done is done: calling again sends nothing.
    expect((await deliverWebhook(t.ctx, ids[0] as string)).attempted).toBe(false);
    expect(rx.received).toHaveLength(1);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("rotates the secret: both sign for a day, the new one alone after that", async () => {
    const hook = await register(["assignment.created"]);
    const rotated = await a.client.post(`${base()}/${hook.id}/rotate-secret`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret, previousSecretValidUntil } = rotated.json();
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(hook.secret);
    expect(Date.parse(previousSecretValidUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await a.client.get(`${base()}/${hook.id}`)).json()).not.toHaveProperty("secret");

    const send = async () => {
      rx.received = [];
      const [id] = await fanOutWebhooks(t.ctx, event());
      await deliverWebhook(t.ctx, id as string);
      const got = rx.received[0] as Received;
      return { signature: got.headers["languagecloud-signature"] as string, body: got.body };
    };
    const during = await send();
    expect(during.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(await verifySignature(secret, during.signature, during.body)).toBe(true);
    expect(await verifySignature(hook.secret, during.signature, during.body)).toBe(true);

    // A day later the previous secret no longer signs.
    await t.ctx.database.db
      .updateTable("webhook_endpoints")
      .set({ previous_secret_until: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", hook.id)
      .execute();
    const after = await send();
    expect(after.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(await verifySignature(secret, after.signature, after.body)).toBe(true);
    expect(await verifySignature(hook.secret, after.signature, after.body)).toBe(false);
    expect((await a.client.get(`${base()}/${hook.id}`)).json().previousSecretValidUntil).toBeNull();
    expect((await a.client.post(`${base()}/${newId()}/rotate-secret`)).statusCode).toBe(404);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("fans out only to active endpoints of the event's organization that subscribe to its type, once", async () => {
    const yes = await register(["attempt.graded"]);
    const other = await register(["student.joined"]);
    const off = await register(["attempt.graded"]);
    await a.client.patch(`${base()}/${off.id}`, { active: false });
    const bHook = await b.client.post(`/api/v1/orgs/${b.orgId}/webhooks`, {
      url: rx.url(),
      events: ["attempt.graded"],
    });
    expect(bHook.statusCode).toBe(201);
    const ev = event("attempt.graded");
    const first = await fanOutWebhooks(t.ctx, ev);
    const again = await fanOutWebhooks(t.ctx, ev);
    expect(first).toHaveLength(1);
    expect(again).toEqual(first);
    expect(await fanOutWebhooks(t.ctx, event("member.invited"))).toEqual([]);
    expect(await fanOutWebhooks(t.ctx, { ...event("attempt.graded"), organizationId: null })).toEqual([]);
    expect((await deliveries(yes.id)).length).toBe(1);
    expect((await deliveries(other.id)).length).toBe(0);
    expect((await deliveries(off.id)).length).toBe(0);
    for (const h of [yes, other, off]) await a.client.delete(`${base()}/${h.id}`);
    await b.client.delete(`/api/v1/orgs/${b.orgId}/webhooks/${bHook.json().id}`);
  });

  it("retries with exponential backoff against a receiver that fails, then succeeds, and logs every attempt", async () => {
    const hook = await register(["exercise.published"]);
    rx.script = [500, 503];
    const t0 = Date.now();
    const [id] = (await fanOutWebhooks(t.ctx, event("exercise.published", new Date(t0)))) as [string];
    const first = await deliverWebhook(t.ctx, id, { now: () => t0 });
    expect(first).toMatchObject({ attempted: true, ok: false, status: "pending", statusCode: 500 });
    const wait1 = Date.parse(first.nextAttemptAt as string) - t0;
    expect(wait1).toBeGreaterThanOrEqual(22_500);
    expect(wait1).toBeLessThanOrEqual(37_500);
    // Not due yet: nothing is sent.
    expect(await deliverDueWebhooks(t.ctx, { now: () => t0 + 10_000 })).toBe(0);
    const t1 = Date.parse(first.nextAttemptAt as string);
    expect(await deliverDueWebhooks(t.ctx, { now: () => t1 })).toBe(1);
    const log1 = await deliveries(hook.id);
    const wait2 = Date.parse(log1[0]?.nextAttemptAt as string) - t1;
    expect(wait2).toBeGreaterThanOrEqual(45_000);
    expect(wait2).toBeLessThanOrEqual(75_000);
    expect(await deliverDueWebhooks(t.ctx, { now: () => t1 + wait2 })).toBe(1);
    const [log] = await deliveries(hook.id);
    expect(log).toMatchObject({ status: "succeeded", attempts: 3, nextAttemptAt: null, responseStatus: 200 });
    expect(log?.deliveredAt).toEqual(expect.any(String));
    expect(log?.log.map((x) => x.statusCode)).toEqual([500, 503, 200]);
    expect(log?.log[0]?.error).toBe("HTTP 500");
    for (const x of log?.log ?? []) expect(x.durationMs).toBeGreaterThanOrEqual(0);
    // Every attempt sent the same body and event id.
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(rx.received.map((r) => r.headers["languagecloud-event-id"])).size).toBe(1);
    const endpoint = (await a.client.get(`${base()}/${hook.id}`)).json();
    expect(endpoint.failingSince).toBeNull();
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("gives up after three days, disables an endpoint that failed all along, and tells its admins", async () => {
    const hook = await register(["import.completed"]);
    rx.script = Array(50).fill(500);
    const t0 = Date.now();
    const [id] = (await fanOutWebhooks(t.ctx, event("import.completed", new Date(t0)))) as [string];
    let now = t0;
    let outcome = await deliverWebhook(t.ctx, id, { now: () => now });
    let attempts = 1;
    while (outcome.status === "pending") {
      now = Date.parse(outcome.nextAttemptAt as string);
      outcome = await deliverWebhook(t.ctx, id, { now: () => now });
      attempts++;
    }
    expect(outcome.status).toBe("failed");
    expect(now - t0).toBeLessThanOrEqual(3 * 86_400_000);
    expect(attempts).toBeGreaterThan(8);
    const endpoint = (await a.client.get(`${base()}/${hook.id}`)).json();
    expect(endpoint.active).toBe(false);
    expect(endpoint.disabledReason).toMatch(/failed/);
    const disabled = await t.ctx.database.db
      .selectFrom("events")
      .select(["payload", "organization_id"])
      .where("type", "=", "webhook.disabled")
      .execute();
    expect(disabled.map((e) => JSON.parse(e.payload).webhookId)).toContain(hook.id);
    // Further events are not fanned out to it; re-enabling starts afresh.
    expect(await fanOutWebhooks(t.ctx, event("import.completed"))).toEqual([]);
    const on = await a.client.patch(`${base()}/${hook.id}`, { active: true });
    expect(on.json()).toMatchObject({ active: true, failingSince: null, disabledAt: null });
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("redelivers by hand, logging the manual attempt", async () => {
    const hook = await register(["student.joined"]);
    const [id] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    await deliverWebhook(t.ctx, id);
    const res = await a.client.post(`/api/v1/orgs/${a.orgId}/webhook-deliveries/${id}/redeliver`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, status: "succeeded", attempts: 2, event: "student.joined" });
    expect(res.json().log.map((x: { manual: boolean }) => x.manual)).toEqual([false, true]);
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]?.body).toBe(rx.received[0]?.body);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("does not follow a redirect to a private address", async () => {
    const hook = await register(["student.joined"]);
    rx.script = [{ status: 302, location: "http://169.254.169.254/latest/meta-data/" }];
    const [id] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    const outcome = await deliverWebhook(t.ctx, id);
    expect(outcome).toMatchObject({ ok: false, statusCode: 302, status: "pending" });
    const [log] = await deliveries(hook.id);
    expect(log?.log[0]?.error).toMatch(/redirect .* not followed/);
    expect(rx.received).toHaveLength(1);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("checks the address again at connection time, when DNS has changed since registration", async () => {
    const hook = await register(["student.joined"]);
    // The name pointed somewhere public when registered; now it answers with the metadata service.
    await t.ctx.database.db
      .updateTable("webhook_endpoints")
      .set({ url: `http://rebind.example.com:${rx.port}/hook` })
      .where("id", "=", hook.id)
      .execute();
    const [id] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    const resolve = async () => [{ address: "169.254.169.254", family: 4 }];
    const outcome = await deliverWebhook(t.ctx, id, { resolve });
    expect(outcome).toMatchObject({ attempted: true, ok: false, statusCode: null });
    const [log] = await deliveries(hook.id);
    expect(log?.log[0]?.error).toMatch(/169\.254\.169\.254 is not allowed/);
    expect(rx.received).toHaveLength(0);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("never sends unsigned: a secret sealed under another SESSION_SECRET is a logged failure", async () => {
    const hook = await register(["student.joined"]);
    await t.ctx.database.db
      .updateTable("webhook_endpoints")
      .set({ secret_encrypted: sealSecret("another session secret, 32 characters at least", "whsec_x") })
      .where("id", "=", hook.id)
      .execute();
    const [id] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    expect(await deliverWebhook(t.ctx, id)).toMatchObject({ attempted: true, ok: false, status: "pending" });
    expect(rx.received).toHaveLength(0);
    expect((await deliveries(hook.id))[0]?.log[0]?.error).toMatch(/signing secret cannot be read/);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("prunes finished deliveries after 30 days, never pending ones", async () => {
    const hook = await register(["student.joined"]);
    const [done] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    await deliverWebhook(t.ctx, done);
    rx.script = [500];
    const [retrying] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    await deliverWebhook(t.ctx, retrying);
    await pruneDeliveries(t.ctx, 30, Date.now() + 29 * 86_400_000);
    expect((await deliveries(hook.id)).length).toBe(2);
    await pruneDeliveries(t.ctx, 30, Date.now() + 31 * 86_400_000);
    expect((await deliveries(hook.id)).map((d) => d.id)).toEqual([retrying]);
    const attempts = await t.ctx.database.db
      .selectFrom("webhook_attempts")
      .select("delivery_id")
      .where("delivery_id", "=", done)
      .execute();
    expect(attempts).toEqual([]);
    await a.client.delete(`${base()}/${hook.id}`);
  });

  it("keeps webhooks and deliveries inside their organization (404 elsewhere)", async () => {
    const hook = await register(["student.joined"]);
    const [id] = (await fanOutWebhooks(t.ctx, event("student.joined"))) as [string];
    const other = `/api/v1/orgs/${b.orgId}`;
    expect((await b.client.get(`${other}/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await b.client.get(`${other}/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);
    expect((await b.client.patch(`${other}/webhooks/${hook.id}`, { active: false })).statusCode).toBe(404);
    expect((await b.client.delete(`${other}/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await b.client.post(`${other}/webhook-deliveries/${id}/redeliver`)).statusCode).toBe(404);
    expect((await b.client.get(`${base()}/${hook.id}`)).statusCode).toBe(404);
    expect(rx.received).toHaveLength(0);
    await a.client.delete(`${base()}/${hook.id}`);
  });
});

describe("retry delays", () => {
  it("double from the base, with jitter, and are capped", () => {
    expect(retryDelayMs(30, 1, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(30, 2, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(30, 3, () => 0)).toBe(90_000);
    expect(retryDelayMs(30, 3, () => 1)).toBe(150_000);
    expect(retryDelayMs(30, 30, () => 0.5)).toBe(6 * 3_600_000);
  });
});
