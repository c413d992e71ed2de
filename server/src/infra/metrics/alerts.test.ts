import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, testEngines } from "../../../test/harness.ts";
import { recordFailed } from "../../jobs/metrics.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { checkAlerts } from "./alerts.ts";

const MINUTE = 60_000;

describe.each(testEngines())("operational alerts on %s", (engine) => {
  let t: TestApp;
  let server: Server;
  const posted: { contentType: string | undefined; body: { text: string } }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        posted.push({ contentType: req.headers["content-type"], body: JSON.parse(body) });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    t = await createTestApp(engine, { ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/services/T000/B000/x` });
  });
  afterAll(async () => {
    await t?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    posted.length = 0;
  });

  it("stays quiet when nothing is wrong", async () => {
    expect(await checkAlerts(t.ctx)).toEqual([]);
    expect(posted).toHaveLength(0);
  });

  it("alerts when the outbox backs up, at most once per interval", async () => {
    const now = Date.now();
    await t.ctx.database.db
      .insertInto("events")
      .values({
        id: newId(),
        organization_id: null,
        type: "test.stuck",
        payload: "{}",
        created_at: nowIso(now - 10 * MINUTE),
        dispatched_at: null,
        attempts: 3,
      })
      .execute();
    expect(await checkAlerts(t.ctx, now)).toEqual(["outbox_backlog"]);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.contentType).toBe("application/json");
    expect(posted[0]?.body.text).toMatch(/outbox is backing up: 1 event/);
    // Still true a few minutes later: no second alert within the hour.
    expect(await checkAlerts(t.ctx, now + 5 * MINUTE)).toEqual([]);
    expect(await checkAlerts(t.ctx, now + 30 * MINUTE)).toEqual([]);
    expect(posted).toHaveLength(1);
    // After the interval, it alerts again if it still holds.
    expect(await checkAlerts(t.ctx, now + 61 * MINUTE)).toEqual(["outbox_backlog"]);
    await t.ctx.database.db.updateTable("events").set({ dispatched_at: nowIso() }).execute();
  });

  it("alerts when jobs keep failing (final failures seen by the job observer)", async () => {
    // The app installed the job observers: final failures are recorded for every process to see.
    recordFailed("imports.run", 5, true, new Error("boom"));
    recordFailed("imports.run", 5, true, new Error("boom"));
    recordFailed("mail.send", 5, false, new Error("transient, will retry"));
    const waitRows = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const rows = await t.ctx.database.db.selectFrom("job_failures").selectAll().execute();
        if (rows.length >= n) return rows;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error("job failures not recorded");
    };
    await waitRows(2);
    expect(await checkAlerts(t.ctx)).toEqual([]);
    recordFailed("event:webhooks.fan_out", 5, true, new Error("db down"));
    await waitRows(3);
    expect(await checkAlerts(t.ctx)).toEqual(["jobs_failing"]);
    expect(posted[0]?.body.text).toMatch(/3 job\(s\) gave up .*event:webhooks\.fan_out ×1, imports\.run ×2/);
    expect(await checkAlerts(t.ctx)).toEqual([]);
  });
});
