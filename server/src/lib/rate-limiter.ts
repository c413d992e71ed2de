/**
 * Fixed-window counters for rate limits (login per account and per IP). Redis when configured, so that every API
 * process shares the counts; else in process.
 */
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit and says whether it is within `limit` per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /** The current count without counting a hit. */
  peek(key: string, limit: number): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private windows = new LRUCache<string, { count: number; resetAt: number }>({ max: 100_000 });
  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, w);
    }
    w.count++;
    return { allowed: w.count <= limit, count: w.count, retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000) };
  }
  async peek(key: string, limit: number): Promise<RateLimitResult> {
    const now = Date.now();
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) return { allowed: true, count: 0, retryAfterSeconds: 0 };
    return { allowed: w.count < limit, count: w.count, retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000) };
  }
  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "lc:",
  ) {}
  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const k = `${this.prefix}rl:${key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(k).ttl(k).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.expire(k, windowSeconds);
    return { allowed: count <= limit, count, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
  }
  async peek(key: string, limit: number): Promise<RateLimitResult> {
    const k = `${this.prefix}rl:${key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().get(k).ttl(k).exec()) as [
      [null, string | null],
      [null, number],
    ];
    const n = Number(count ?? 0);
    return { allowed: n < limit, count: n, retryAfterSeconds: Math.max(ttl, 0) };
  }
  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}rl:${key}`);
  }
}

/**
 * Redis first; while Redis fails (down, hung past the command timeout) the counts are kept in this process, so
 * log-in, sign-up and join keep working with limits per process instead of none or an error. Warns once per
 * outage.
 */
export class DegradingRateLimiter implements RateLimiter {
  private readonly local = new MemoryRateLimiter();
  private degradedSince = 0;

  constructor(
    private readonly primary: RateLimiter,
    private readonly onDegrade: (err: Error) => void = () => {},
  ) {}

  private async run<T>(op: (l: RateLimiter) => Promise<T>): Promise<T> {
    try {
      const result = await op(this.primary);
      this.degradedSince = 0;
      return result;
    } catch (err) {
      if (!this.degradedSince) {
        this.degradedSince = Date.now();
        this.onDegrade(err as Error);
      }
      return op(this.local);
    }
  }

  hit(key: string, limit: number, windowSeconds: number) {
    return this.run((l) => l.hit(key, limit, windowSeconds));
  }
  peek(key: string, limit: number) {
    return this.run((l) => l.peek(key, limit));
  }
  async reset(key: string) {
    await this.local.reset(key);
    await this.run((l) => l.reset(key));
  }
}
