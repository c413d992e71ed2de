/**
 * `languagecloud serve`: listens, forks WEB_CONCURRENCY processes with node:cluster, and shuts down gracefully
 * (stop accepting, drain in-flight requests within 10 s).
 */
import cluster, { type Worker } from "node:cluster";
import { getLanguageTools } from "@languagecloud/domain";
import { buildApp } from "./app.ts";
import { startJobs } from "./background.ts";
import type { Command } from "./commands/command.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { dialectOf } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { seedDemo } from "./demo/demo.ts";
import { trackConnections } from "./lib/drain.ts";
import { stopRequested } from "./lib/signals.ts";

const DRAIN_MS = 10_000;

export const serveCommand: Command = async (_argv, io) => {
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
  if (config.WEB_CONCURRENCY > 1 && cluster.isPrimary) return runPrimary(config);
  return runServer(config, io);
};

/**
 * The cluster's primary: migrates, forks, re-forks a worker that dies, and on SIGTERM/SIGINT passes the signal on
 * and waits for every worker. It counts the workers it forked itself: `cluster.workers` still lists a worker whose
 * "exit" came before its "disconnect", so counting that list could wait for ever.
 */
async function runPrimary(config: Config): Promise<number> {
  let stopping = false;
  const live = new Set<Worker>();
  // Listened for from the start (lib/signals.ts): a stop before the workers are forked forks none.
  process.on("SIGTERM", () => stop());
  process.on("SIGINT", () => stop());
  // Migrate once, before any worker accepts traffic.
  const ctx = createContext(config);
  await migrateToLatest(ctx.database.db);
  await ctx.close();
  const fork = () => live.add(cluster.fork());
  const allExited = new Promise<void>((resolve) => {
    cluster.on("exit", (worker, code, signal) => {
      live.delete(worker);
      if (!stopping && (code !== 0 || signal)) fork();
      else if (stopping && live.size === 0) resolve();
    });
  });
  for (let i = 0; i < config.WEB_CONCURRENCY && !stopping; i++) fork();
  if (live.size === 0) return 0;
  function stop() {
    // A service manager signals the whole process group: the workers drain on their own signal, and the one passed
    // on here is ignored by them (see runServer). A second signal to the primary changes nothing either.
    if (stopping) return;
    stopping = true;
    for (const w of live) w.process.kill("SIGTERM");
    // A worker that cannot finish its drain (a hung handler) must not keep the service from stopping.
    setTimeout(() => {
      for (const w of live) w.process.kill("SIGKILL");
    }, DRAIN_MS + 2000).unref();
  }
  await allExited;
  return 0;
}

async function runServer(config: Config, io: Parameters<Command>[1]): Promise<number> {
  // Listened for before anything starts, so a SIGTERM at any moment is a graceful stop (see lib/signals.ts).
  const stop = stopRequested();
  const ctx = createContext(config);
  const embedded = dialectOf(config.DATABASE_URL) === "sqlite";
  try {
    // The embedded engine migrates itself; a shared database is migrated by `languagecloud migrate` (or cluster primary).
    if (embedded && cluster.isPrimary) await migrateToLatest(ctx.database.db);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    await ctx.close();
    return 1;
  }
  const app = await buildApp(ctx);
  // `npm start`: the URL and the demo login come first; the start-up chatter stays below `info` until then (the
  // demo's own requests are never logged one by one, see lib/quiet-requests.ts).
  const level = ctx.logger.level;
  const quiet = embedded && cluster.isPrimary && level === "info";
  if (quiet) ctx.logger.level = "warn";
  // Without Redis this process consumes its own jobs; a job cut short at shutdown is not lost, since its event is
  // marked dispatched only once the job has settled.
  const background = await startJobs(ctx, { consume: !config.REDIS_URL, shutdownMs: 1000 });
  // The demo organization belongs to the embedded mode only: a shared database is never written to unasked.
  const demo = embedded && config.DEMO_DATA && cluster.isPrimary ? await seedDemo(ctx, app) : null;
  // The grading's language tools (compromise, the Hunspell dictionary) load synchronously on the first wrong
  // answer: 2 s of this process's event loop, more on a busy machine, during which every request waits and pooled
  // database connections time out (503). Loaded before the process takes traffic instead.
  getLanguageTools();
  const connections = trackConnections(app.server);
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  if (cluster.isPrimary) io.stdout.write(`Language Cloud is running at ${url}\n`);
  if (demo) {
    io.stdout.write(
      `Demo organization created: log in as ${demo.teacherEmail} / ${demo.teacherPassword}; ` +
        `students join with the code ${demo.joinCode} (DEMO_DATA=false to skip).\n`,
    );
  }
  if (quiet) ctx.logger.level = level;

  const signal = await stop;
  ctx.logger.info({ signal }, "shutting down");
  // Requests first (answered, never reset), then what serves them: jobs get what is left of the 10 s.
  const drained = await connections.drain(DRAIN_MS - 1500);
  if (drained.forced) ctx.logger.warn(drained, "drain timed out; closed connections with requests running");
  else ctx.logger.info(drained, "drained");
  await app.close();
  await background.stop();
  await ctx.close();
  // A cluster worker's channel to its primary keeps it alive once everything else has closed.
  if (cluster.isWorker) process.disconnect?.();
  return 0;
}
