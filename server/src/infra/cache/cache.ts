/**
 * A small cache interface: Redis when configured (shared by every process, reads from REDIS_READ_URL when given),
 * else an in-process LRU. Values are JSON. Callers treat the cache as an accelerator: a failure reads as a miss.
 */
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** The stored JSON text itself, for answers sent as they are (no parse, no serialization). */
  getText(key: string): Promise<string | undefined>;
  setText(key: string, json: string, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Deletes every key with this prefix (invalidation of a family of entries). */
  delPrefix(prefix: string): Promise<void>;
}

export class MemoryCache implements Cache {
  private lru = new LRUCache<string, { v: string }>({ max: 10_000 });
  // Stored as text, so that no caller can mutate a cached value through a shared object.
  async get<T>(key: string): Promise<T | undefined> {
    const hit = this.lru.get(key);
    return hit ? (JSON.parse(hit.v) as T) : undefined;
  }
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.setText(key, JSON.stringify(value), ttlSeconds);
  }
  async getText(key: string): Promise<string | undefined> {
    return this.lru.get(key)?.v;
  }
  async setText(key: string, json: string, ttlSeconds: number): Promise<void> {
    this.lru.set(key, { v: json }, { ttl: ttlSeconds * 1000 });
  }
  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.lru.delete(k);
  }
  async delPrefix(prefix: string): Promise<void> {
    for (const k of this.lru.keys()) if (k.startsWith(prefix)) this.lru.delete(k);
  }
}

export class RedisCache implements Cache {
  constructor(
    private readonly write: Redis,
    private readonly read: Redis = write,
    private readonly namespace = "lc:",
  ) {}
  async get<T>(key: string): Promise<T | undefined> {
    const v = await this.getText(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.setText(key, JSON.stringify(value), ttlSeconds);
  }
  async getText(key: string): Promise<string | undefined> {
    try {
      return (await this.read.get(this.namespace + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }
  async setText(key: string, json: string, ttlSeconds: number): Promise<void> {
    try {
      await this.write.set(this.namespace + key, json, "EX", Math.max(1, Math.round(ttlSeconds)));
    } catch {
      // A cache that cannot be written is only slower.
    }
  }
  async del(...keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.write.del(...keys.map((k) => this.namespace + k));
  }
  async delPrefix(prefix: string): Promise<void> {
    let cursor = "0";
    do {
      const [next, keys] = await this.write.scan(cursor, "MATCH", `${this.namespace}${prefix}*`, "COUNT", 500);
      if (keys.length) await this.write.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  }
}
