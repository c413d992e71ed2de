/**
 * `languagecloud <command>`: serve, migrate, worker and the offline tools. Each command returns its exit code.
 */
import type { CommandIO } from "./commands/command.ts";
import { commands } from "./commands/registry.ts";

const ENV_HELP =
  "It takes no arguments: it is configured by environment variables (or a .env file), listed in the README's\n" +
  "configuration table (DATABASE_URL, REDIS_URL, PORT, PUBLIC_URL…).\n";

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
  if (command.noArguments && rest.length) {
    const help = rest.length === 1 && (rest[0] === "--help" || rest[0] === "-h");
    const text = `usage: languagecloud ${name}\n\n${command.describe}.\n${ENV_HELP}`;
    if (help) io.stdout.write(text);
    else io.stderr.write(`unexpected argument "${rest[0]}"\n\n${text}`);
    return help ? 0 : 2;
  }
  return (await command.load())(rest, io);
}
