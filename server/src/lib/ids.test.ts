import { describe, expect, it } from "vitest";
import { newId } from "./ids.ts";

describe("newId", () => {
  it("is a UUIDv7 whose first 48 bits are the millisecond timestamp", () => {
    const id = newId(Date.UTC(2026, 10, 26));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 26));
  });

  it("never repeats, across many refills of the random pool", () => {
    const now = Date.now();
    // 4 KiB pool / 16 bytes an id: 20,000 ids refill it about 80 times, all with the same timestamp.
    const ids = Array.from({ length: 20_000 }, () => newId(now));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts by creation time", () => {
    const ids = [newId(1_000), newId(2_000), newId(3_000)];
    expect([...ids].sort()).toEqual(ids);
  });
});
