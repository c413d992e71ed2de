import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis } from "../redis.ts";
import { type Cache, MemoryCache, RedisCache } from "./cache.ts";

const redisUrl = process.env.TEST_REDIS_URL;
const redis = redisUrl ? connectRedis(redisUrl) : null;
// Commands are not queued while connecting (connectRedis fails fast), so wait until the connection is up.
beforeAll(async () => {
  if (redis && redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
});
afterAll(() => redis?.disconnect());

const caches: [string, () => Cache][] = [["memory", () => new MemoryCache()]];
if (redis) caches.push(["redis", () => new RedisCache(redis, redis, `lctest:cache:${process.pid}:`)]);

describe.each(caches)("%s cache", (_name, make) => {
  it("keeps values as JSON: a value read back is a copy, and text round-trips as it was written", async () => {
    const cache = make();
    const value = { a: [1, 2], b: "x" };
    await cache.set("k", value, 60);
    const back = await cache.get<typeof value>("k");
    expect(back).toEqual(value);
    back?.a.push(3);
    expect(await cache.get("k")).toEqual(value);
    expect(await cache.getText("k")).toBe(JSON.stringify(value));
    await cache.setText("t", '{"n":1}', 60);
    expect(await cache.get("t")).toEqual({ n: 1 });
    await cache.del("k", "t");
    expect(await cache.getText("k")).toBeUndefined();
    expect(await cache.get("t")).toBeUndefined();
  });

  it("deletes a family of keys by prefix", async () => {
    const cache = make();
    await cache.setText("dash:1", "{}", 60);
    await cache.setText("dash:2", "{}", 60);
    await cache.setText("other", "{}", 60);
    await cache.delPrefix("dash:");
    expect(await cache.getText("dash:1")).toBeUndefined();
    expect(await cache.getText("dash:2")).toBeUndefined();
    expect(await cache.getText("other")).toBe("{}");
    await cache.del("other");
  });
});
