import { describe, expect, it } from "vitest";
import { responseSchema } from "./responses.ts";

describe("responseSchema", () => {
  it("accepts each item type's shape", () => {
    for (const r of [
      { selected: ["a", "b"] },
      { selected: [] },
      { value: true },
      { value: 3.5 },
      { value: null },
      { text: "went" },
      { gaps: { g1: "went" } },
      { matches: { cat: "chat" } },
      { sequence: ["b", "a"] },
      { marked: [0, 4] },
    ]) {
      expect(responseSchema.safeParse(r).success, JSON.stringify(r)).toBe(true);
    }
  });

  it("refuses no field, two fields, unknown fields and wrong types", () => {
    for (const r of [
      {},
      { text: "a", selected: ["b"] },
      { wrong: 1 },
      { text: "a", extra: 1 },
      { selected: "a" },
      { value: "yes" },
      { value: Number.POSITIVE_INFINITY },
      { marked: [-1] },
      { marked: [1.5] },
      { gaps: { g1: 3 } },
      { text: "x".repeat(50_001) },
      null,
      "went",
    ]) {
      expect(responseSchema.safeParse(r).success, JSON.stringify(r)).toBe(false);
    }
  });

  it("says what a response may hold", () => {
    const r = responseSchema.safeParse({});
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/exactly one of: selected, value, text/);
  });
});
