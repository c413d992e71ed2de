import { describe, expect, it } from "vitest";
import { newId } from "./ids.ts";

describe("newId", () => {
  it("is a UUIDv7 whose first 48 bits are the millisecond timestamp", () => {
    const at = Date.now() + 86_400_000; // ahead of every id made so far: a clock set back would count on instead
    const id = newId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("never repeats, across many refills of the random pool", () => {
    const now = Date.now() + 2 * 86_400_000;
    // 4 KiB pool / 16 bytes an id: 20,000 ids refill it about 80 times, all with the same timestamp.
    const ids = Array.from({ length: 20_000 }, () => newId(now));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts in the order of creation, within one millisecond too (a counter, not random bits)", () => {
    const now = Date.now() + 3 * 86_400_000;
    const ids = Array.from({ length: 5_000 }, () => newId(now));
    expect([...ids].sort()).toEqual(ids);
    // More than the 12-bit counter holds: the timestamp moves on by one millisecond and the order still holds.
    expect(Number.parseInt(ids.at(-1)!.replace(/-/g, "").slice(0, 12), 16)).toBeGreaterThan(now);
    const later = newId(now + 5);
    expect(later > ids.at(-1)!).toBe(true);
  });

  it("sorts by creation time", () => {
    const base = Date.now() + 4 * 86_400_000;
    const ids = [newId(base), newId(base + 1_000), newId(base + 2_000)];
    expect([...ids].sort()).toEqual(ids);
  });
});
