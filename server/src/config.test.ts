import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const base = { SESSION_SECRET: "x".repeat(32) };

describe("the typed configuration", () => {
  it("types the worker's and reminders' variables, with their defaults", () => {
    const c = loadConfig({ ...base });
    expect(c).toMatchObject({ JOBS_CONCURRENCY: 4, REMINDER_LEAD_HOURS: 24 });
    expect(c.WORKER_METRICS_PORT).toBeUndefined();
    const set = loadConfig({ ...base, JOBS_CONCURRENCY: "8", WORKER_METRICS_PORT: "9464", REMINDER_LEAD_HOURS: "1.5" });
    expect(set).toMatchObject({ JOBS_CONCURRENCY: 8, WORKER_METRICS_PORT: 9464, REMINDER_LEAD_HOURS: 1.5 });
  });

  it("refuses bad values at boot with a line per variable, instead of falling back silently", () => {
    try {
      loadConfig({ ...base, JOBS_CONCURRENCY: "0", WORKER_METRICS_PORT: "http", REMINDER_LEAD_HOURS: "-3" });
      throw new Error("expected a ConfigError");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = (err as ConfigError).problems.join("\n");
      for (const name of ["JOBS_CONCURRENCY", "WORKER_METRICS_PORT", "REMINDER_LEAD_HOURS"])
        expect(text).toContain(name);
    }
  });
});
