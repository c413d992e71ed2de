import { Redis } from "ioredis";

/** A Redis connection that fails fast while Redis is down instead of queueing commands forever. */
export function connectRedis(url: string, opts: { forQueue?: boolean } = {}): Redis {
  return new Redis(url, {
    // BullMQ requires maxRetriesPerRequest = null on its connections; elsewhere a command fails after one retry.
    maxRetriesPerRequest: opts.forQueue ? null : 1,
    enableOfflineQueue: !!opts.forQueue,
    lazyConnect: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}
