/**
 * Everything a request or a job needs from the outside world, built once per process from the configuration.
 * Services receive this object; tests build one on a throw-away database.
 */
import type { Redis } from "ioredis";
import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { type Cache, MemoryCache, RedisCache } from "./infra/cache/cache.ts";
import { connectRedis } from "./infra/redis.ts";
import { createStorage } from "./infra/storage/create-storage.ts";
import type { Storage } from "./infra/storage/storage.ts";
import { type ContextJobs, contextJobs } from "./jobs/runtime.ts";
import { DegradingRateLimiter, MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from "./lib/rate-limiter.ts";

export interface AppContext {
  config: Config;
  database: Database;
  cache: Cache;
  rateLimiter: RateLimiter;
  redis: Redis | null;
  /** Uploaded files: local disk under DATA_DIR/files, or S3 when S3_BUCKET is set. */
  storage: Storage;
  logger: Logger;
  /** The job queue of this process (jobs/runtime.ts): `ctx.jobs.enqueue(name, data, opts)`. */
  jobs: ContextJobs;
  /** Closes what this context opened, in reverse order. */
  close(): Promise<void>;
  /** Hooks that other parts (jobs, storage…) register to be closed with the context. */
  onClose(fn: () => Promise<void> | void): void;
}

export const LOG_REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  "res.headers['set-cookie']",
  "*.password",
  "*.secret",
  "*.token",
];

export function createLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, redact: LOG_REDACT, base: { service: "languagecloud" } });
}

export function createContext(config: Config, opts: { logger?: Logger; database?: Database } = {}): AppContext {
  const logger = opts.logger ?? createLogger(config);
  const database =
    opts.database ??
    openDatabase(config.DATABASE_URL, {
      readUrl: config.DATABASE_READ_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      onPoolError: (err) => logger.warn({ err: err.message }, "database connection lost; it will be reopened"),
    });
  let redis: Redis | null = null;
  let redisRead: Redis | null = null;
  if (config.REDIS_URL) {
    redis = connectRedis(config.REDIS_URL);
    redis.on("error", (err) => logger.warn({ err: err.message }, "redis error"));
    if (config.REDIS_READ_URL) {
      redisRead = connectRedis(config.REDIS_READ_URL);
      redisRead.on("error", (err) => logger.warn({ err: err.message }, "redis read replica error"));
    }
  }
  const closers: (() => Promise<void> | void)[] = [];
  const storage = createStorage(config);
  const ctx: AppContext = {
    config,
    database,
    cache: redis ? new RedisCache(redis, redisRead ?? redis, config.REDIS_PREFIX) : new MemoryCache(),
    rateLimiter: redis
      ? new DegradingRateLimiter(new RedisRateLimiter(redis, config.REDIS_PREFIX), (err) =>
          logger.warn({ err: err.message }, "rate limits kept in this process while Redis fails"),
        )
      : new MemoryRateLimiter(),
    redis,
    storage,
    logger,
    onClose(fn) {
      closers.push(fn);
    },
    async close() {
      for (const fn of closers.reverse()) await fn();
      await storage.close();
      redisRead?.disconnect();
      redis?.disconnect();
      if (!opts.database) await database.close();
    },
    get jobs() {
      return jobs;
    },
  };
  const jobs = contextJobs(ctx);
  return ctx;
}
