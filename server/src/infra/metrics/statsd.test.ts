import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.ts";
import { recordCompleted, recordFailed } from "../../jobs/metrics.ts";
import { metricSegment } from "./statsd.ts";

describe("statsd", () => {
  let socket: Socket;
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    socket = createSocket("udp4");
    socket.on("message", (msg) => lines.push(...msg.toString("utf8").split("\n").filter(Boolean)));
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
    const port = (socket.address() as AddressInfo).port;
    t = await createTestApp("sqlite", { STATSD_HOST: "127.0.0.1", STATSD_PORT: String(port) });
  });
  afterAll(async () => {
    await t?.close();
    socket.close();
  });

  const waitForLine = async (pattern: RegExp) => {
    const until = Date.now() + 5_000;
    while (!lines.some((l) => pattern.test(l))) {
      if (Date.now() > until) throw new Error(`no statsd line matching ${pattern}; got ${lines.join(" | ")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it("sends request timings and counts by route pattern, method and status class", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me" })).statusCode).toBe(401);
    await waitForLine(/^languagecloud\.http\.request_time:\d+\|ms$/);
    await waitForLine(/^languagecloud\.http\.responses\.4xx:1\|c$/);
    await waitForLine(/^languagecloud\.http\.routes\.api_v1_me\.get\.time:\d+\|ms$/);
  });

  it("sends job timings and outcomes", async () => {
    recordCompleted("event:webhooks.fan_out", 12.4);
    recordFailed("mail.send", 3, true, new Error("smtp down"));
    await waitForLine(/^languagecloud\.jobs\.event_webhooks_fan_out\.time:12\|ms$/);
    await waitForLine(/^languagecloud\.jobs\.event_webhooks_fan_out\.completed:1\|c$/);
    await waitForLine(/^languagecloud\.jobs\.mail_send\.gave_up:1\|c$/);
  });

  it("names metrics with safe segments only", () => {
    expect(metricSegment("/api/v1/orgs/:orgId/webhooks/:id")).toBe("api_v1_orgs_orgId_webhooks_id");
    expect(metricSegment("/")).toBe("root");
  });
});
