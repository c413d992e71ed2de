/** The boot checks: one handler per name, known names only, schedules that name real jobs. */
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { AppContext } from "../context.ts";
import { InProcessQueue } from "../infra/queue/in-process-queue.ts";
import { JobRegistry, JobRegistryError, jobs } from "./registry.ts";
import { JobRuntime } from "./runtime.ts";
import { subscribeIn } from "./subscribers.ts";

const noop = async () => {};

describe("job registry", () => {
  it("refuses a second handler for the same name", () => {
    const r = new JobRegistry();
    r.registerJob("mail.send", noop);
    expect(() => r.registerJob("mail.send", noop)).toThrow(/registered twice/);
  });

  it("refuses names that are not module.action words", () => {
    const r = new JobRegistry();
    for (const bad of ["", "Mail.Send", "mail send", "event:mail", ".mail"]) {
      expect(() => r.registerJob(bad, noop)).toThrow(JobRegistryError);
    }
    r.registerJob("dashboard.refresh_all", noop);
    expect(r.names()).toEqual(["dashboard.refresh_all"]);
  });

  it("refuses an enqueue of an unknown name before the queue sees it", async () => {
    const r = new JobRegistry();
    r.registerJob("known.job", noop);
    const queue = new InProcessQueue();
    const runtime = new JobRuntime({ logger: pino({ level: "silent" }) } as AppContext, r, queue);
    await expect(runtime.enqueue("unknown.job", {})).rejects.toThrow(/unknown job "unknown.job"/);
    expect(await queue.depth()).toBe(0);
    await runtime.enqueue("known.job", {});
    expect(await queue.depth()).toBe(1);
    await runtime.close(100);
  });

  it("fails the boot check when a schedule names an unknown job", () => {
    const r = new JobRegistry();
    r.addSchedule({ module: "dashboard", job: "dashboard.refresh", fallbackSeconds: 60 });
    expect(() => r.check()).toThrow(/schedule dashboard enqueues unknown job "dashboard.refresh"/);
    r.registerJob("dashboard.refresh", noop);
    expect(() => r.check()).not.toThrow();
    expect(() => r.addSchedule({ module: "dashboard", job: "dashboard.refresh", fallbackSeconds: 5 })).toThrow(/twice/);
    expect(() => r.addSchedule({ module: "Bad Module", job: "x.y", fallbackSeconds: 5 })).toThrow();
  });

  it("routes event types to their subscribers, with * for all, and one name per subscriber", () => {
    const r = new JobRegistry();
    subscribeIn(r, "member.joined", "analytics.joins", noop);
    subscribeIn(r, ["member.joined", "member.removed"], "mail.members", noop);
    subscribeIn(r, "*", "webhooks.fan_out", noop);
    expect(r.subscribersOf("member.joined")).toEqual(["analytics.joins", "mail.members", "webhooks.fan_out"]);
    expect(r.subscribersOf("member.removed")).toEqual(["mail.members", "webhooks.fan_out"]);
    expect(r.subscribersOf("user.signed_up")).toEqual(["webhooks.fan_out"]);
    expect(r.has("event:analytics.joins")).toBe(true);
    expect(() => subscribeIn(r, "user.signed_up", "mail.members", noop)).toThrow(/twice/);
    expect(() => subscribeIn(r, [], "empty.one", noop)).toThrow(/no event type/);
  });

  it("boots the process registry: every module's jobs load without a duplicate and pass the check", async () => {
    await import("./modules.ts");
    expect(() => jobs.check()).not.toThrow();
    expect(jobs.names()).toContain("jobs.prune_processed");
  });
});
