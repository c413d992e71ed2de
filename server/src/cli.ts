/**
 * `languagecloud <command>`: serve, migrate, worker and the offline tools. Each command returns its exit code.
 */
import type { Command, CommandIO } from "./commands/command.ts";

const commands: Record<string, { describe: string; load: () => Promise<Command> }> = {
  serve: {
    describe: "run the API and the web app (and the jobs, without Redis)",
    load: async () => (await import("./server.ts")).serveCommand,
  },
  migrate: {
    describe: "apply the database migrations and exit",
    load: async () => (await import("./commands/migrate.command.ts")).migrateCommand,
  },
};

/** Other modules add their commands here (grade, convert, stats, worker, bench…). */
export function registerCommand(name: string, describe: string, load: () => Promise<Command>) {
  commands[name] = { describe, load };
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.describe}`);
  return `Usage: languagecloud <command> [options]\n\nCommands:\n${lines.join("\n")}\n`;
}

export async function main(argv: string[], io: CommandIO = process): Promise<number> {
  await import("./commands/index.ts");
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 1;
  }
  return (await command.load())(rest, io);
}
