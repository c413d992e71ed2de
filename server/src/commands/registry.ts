/**
 * The commands of `languagecloud`, by name. serve and migrate are built in; commands/index.ts adds the others. Each
 * is loaded only when run, so that `languagecloud serve` does not pay for the offline tools.
 */
import type { Command } from "./command.ts";

interface Entry {
  describe: string;
  load: () => Promise<Command>;
  /** Commands configured only by the environment: the CLI answers their --help and refuses other arguments. */
  noArguments?: boolean;
}

export const commands: Record<string, Entry> = {
  serve: {
    describe: "run the API and the web app (and the jobs, without Redis)",
    load: async () => (await import("../server.ts")).serveCommand,
    noArguments: true,
  },
  migrate: {
    describe: "apply the database migrations and exit",
    load: async () => (await import("./migrate.command.ts")).migrateCommand,
    noArguments: true,
  },
};

/** Other modules add their commands here (grade, convert, stats, worker, bench…). */
export function registerCommand(
  name: string,
  describe: string,
  load: () => Promise<Command>,
  options: { noArguments?: boolean } = {},
) {
  commands[name] = { describe, load, ...options };
}
