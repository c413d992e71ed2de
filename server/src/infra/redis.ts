import { Redis } from "ioredis";
import type { Logger } from "pino";

/** How long one command may take on a request's path before it counts as failed (a frozen Redis never answers). */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

/**
 * A Redis connection that fails fast while Redis is down instead of queueing commands forever, and, off the
 * queue, gives up on any command after REDIS_COMMAND_TIMEOUT_MS: a Redis that is hung (SIGSTOP, a full network
 * buffer) would otherwise hold log-ins for as long as it stays hung.
 */
export function connectRedis(url: string, opts: { forQueue?: boolean } = {}): Redis {
  return new Redis(url, {
    // BullMQ requires maxRetriesPerRequest = null on its connections; elsewhere a command fails after one retry.
    maxRetriesPerRequest: opts.forQueue ? null : 1,
    enableOfflineQueue: !!opts.forQueue,
    lazyConnect: false,
    connectTimeout: 2000,
    // BullMQ's blocking commands wait on purpose; its connections get no command timeout.
    ...(opts.forQueue ? {} : { commandTimeout: REDIS_COMMAND_TIMEOUT_MS }),
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

/**
 * Warns when Redis keeps nothing across a restart (no AOF, no RDB snapshots): the job queue then comes back empty.
 * Nothing is lost (the outbox re-sends what was queued and never handled) but it is late by the redelivery delay.
 * Returns whether Redis persists; null when it would not say (CONFIG disabled, unreachable).
 */
export async function warnWithoutPersistence(redis: Redis, logger: Logger): Promise<boolean | null> {
  try {
    const info = await redis.info("persistence");
    const aof = /aof_enabled:1/.test(info);
    let rdb = false;
    try {
      const [, save] = (await redis.config("GET", "save")) as [string, string];
      rdb = !!save?.trim();
    } catch {
      rdb = false;
    }
    if (!aof && !rdb) {
      logger.warn(
        "Redis has no persistence (appendonly no, no save rules): queued jobs vanish when it restarts; they are " +
          "sent again from the database, late. Set appendonly yes (docs/deployment.md).",
      );
    }
    return aof || rdb;
  } catch {
    return null;
  }
}
