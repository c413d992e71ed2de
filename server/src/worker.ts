/**
 * `languagecloud worker`: consumes the queue and runs the schedules (and an outbox relay, so that events written
 * while no API process runs still go out). With REDIS_URL it consumes BullMQ and any number of workers can run;
 * without it, it runs the in-process queue against the database alone. SIGTERM/SIGINT: stop taking jobs, let
 * running ones finish within 20 s, hand the rest back to the queue.
 */
import { createServer, type Server } from "node:http";
import { getLanguageTools } from "@languagecloud/domain";
import { startJobs } from "./background.ts";
import type { Command } from "./commands/command.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { dialectOf } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { jobMetricsRegistry } from "./jobs/metrics.ts";
import { stopRequested } from "./lib/signals.ts";

const SHUTDOWN_MS = 20_000;

export const workerCommand: Command = async (_argv, io) => {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // Listened for before anything starts, so a SIGTERM at any moment is a graceful stop (see lib/signals.ts).
  const stop = stopRequested();
  const ctx = createContext(config);
  try {
    if (dialectOf(config.DATABASE_URL) === "sqlite") await migrateToLatest(ctx.database.db);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    await ctx.close();
    return 1;
  }
  if (!config.REDIS_URL) {
    io.stdout.write(
      "No REDIS_URL: running jobs in this process against the database alone (in-process queue). " +
        "Set REDIS_URL to share the work among several workers.\n",
    );
  }
  // Regrades and practice grade answers: the language tools load now rather than in the middle of a job (server.ts).
  getLanguageTools();
  const jobs = await startJobs(ctx, { consume: true, shutdownMs: SHUTDOWN_MS });
  const metrics = serveMetrics(config, io);
  io.stdout.write(`Worker running (${config.REDIS_URL ? "BullMQ on Redis" : "in-process queue"}).\n`);

  const signal = await stop;
  ctx.logger.info({ signal }, "worker shutting down");
  metrics?.close();
  await jobs.stop();
  await ctx.close();
  return 0;
};

/** The worker's own /metrics when WORKER_METRICS_PORT is set: job counts live in this process, not the API's. */
function serveMetrics(config: Config, io: Parameters<Command>[1]): Server | null {
  const port = config.WORKER_METRICS_PORT;
  if (port === undefined) return null;
  const server = createServer(async (req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": jobMetricsRegistry.contentType }).end(await jobMetricsRegistry.metrics());
  });
  server.listen(port, config.HOST, () => io.stdout.write(`Worker metrics at http://${config.HOST}:${port}/metrics\n`));
  return server;
}
