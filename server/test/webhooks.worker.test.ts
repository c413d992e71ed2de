/**
 * The integrations wired into the real job system (in-process queue on SQLite, BullMQ on Redis for the shared
 * engines): an outbox event reaches the webhook receiver (retried by a delayed job after a failure) and the
 * students' mailboxes, and an invitation made through the API is mailed, with no direct call to any handler.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Background, startJobs } from "../src/background.ts";
import { notifyEventsWritten, writeEvent } from "../src/modules/events/outbox.ts";
import { createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { classWithAssignment, SmtpSink } from "./mail-fixtures.ts";

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(testEngines())("integrations in the job system on %s", (engine) => {
  let t: TestApp;
  let background: Background;
  let org: Awaited<ReturnType<typeof signUp>>;
  let server: Server;
  let port = 0;
  const statuses: number[] = [];
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const smtp = new SmtpSink();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(statuses.shift() ?? 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    await smtp.start();
    t = await createTestApp(engine, {
      SMTP_URL: smtp.url,
      PUBLIC_URL: "https://school.example.com",
      WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
      WEBHOOK_RETRY_BASE_SECONDS: "0.2",
    });
    background = await startJobs(t.ctx, { consume: true, relay: { pollMs: 100 } });
    org = await signUp(t.app, { organizationName: "Wired School" });
  });
  afterAll(async () => {
    await background?.stop();
    await t?.close();
    await smtp.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("delivers an assignment.created event to the webhook (after one failure) and mails the class", async () => {
    const hook = await org.client.post(`/api/v1/orgs/${org.orgId}/webhooks`, {
      url: `http://127.0.0.1:${port}/in`,
      events: ["assignment.created"],
    });
    expect(hook.statusCode).toBe(201);
    const { assignmentId, classId, students } = await classWithAssignment(t, org.orgId, { students: 2, dueAt: null });
    statuses.push(500);
    const eventId = await t.ctx.database.db.transaction().execute((trx) =>
      writeEvent(trx, {
        organizationId: org.orgId,
        type: "assignment.created",
        payload: { assignmentId, classId, dueAt: null },
      }),
    );
    notifyEventsWritten();
    await waitFor(() => received.length >= 2 && smtp.messages.length >= 2);
    expect(received.map((r) => r.headers["languagecloud-event-id"])).toEqual([eventId, eventId]);
    expect(JSON.parse(received[1]?.body ?? "{}")).toMatchObject({ id: eventId, type: "assignment.created" });
    // The receiver answers before the attempt is written: poll the log until it shows both.
    let codes: number[] = [];
    const until = Date.now() + 10_000;
    while (codes.length < 2 && Date.now() < until) {
      const log = (await org.client.get(`/api/v1/orgs/${org.orgId}/webhooks/${hook.json().id}/deliveries`)).json();
      codes = log.items[0].log.map((a: { statusCode: number }) => a.statusCode);
      if (codes.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(codes).toEqual([500, 200]);
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(students.map((s) => s.email).sort());
  });

  it("mails an invitation made through the API", async () => {
    const res = await org.client.post(`/api/v1/orgs/${org.orgId}/invitations`, {
      email: "wired.invitee@example.org",
      role: "teacher",
    });
    expect(res.statusCode).toBe(201);
    await waitFor(() => smtp.to("wired.invitee@example.org").length === 1);
    expect(smtp.to("wired.invitee@example.org")[0]?.text).toMatch(/https:\/\/school\.example\.com\/invite\/\S+/);
  });
});
