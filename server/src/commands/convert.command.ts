/**
 * `languagecloud convert FILE --from gift|aiken|csv|json --to json|gift [--title T]` prints the converted exercise
 * on standard output. A FILE of `-` reads standard input. Bad input: one `FILE:LINE:COL: message` per problem on
 * standard error and exit code 1, so editors and CI logs can jump to the spot.
 */
import {
  EXPORT_FORMATS,
  type ExportFormat,
  FormatError,
  IMPORT_FORMATS,
  type ImportFormat,
  readExercise,
  toGift,
  writeJson,
} from "@languagecloud/domain";
import type { Command } from "./command.ts";
import { readInput } from "./command.ts";

const USAGE = "usage: languagecloud convert FILE --from gift|aiken|csv|json --to json|gift [--title TITLE]\n";

interface Args {
  file?: string;
  from?: string;
  to?: string;
  title?: string;
  help?: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--(from|to|title|help)(?:=(.*))?$/.exec(arg);
    if (!m) {
      if (arg.startsWith("--") || args.file !== undefined) return `unexpected argument "${arg}"`;
      args.file = arg;
      continue;
    }
    const name = m[1] as "from" | "to" | "title" | "help";
    if (name === "help") {
      args.help = true;
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) return `--${name} needs a value`;
    args[name] = value;
  }
  return args;
}

/** The file name without folders and extension: `exercises/unit-3.gift` → `unit-3`. */
function titleFromPath(path: string): string | undefined {
  if (path === "-") return undefined;
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base) || undefined;
}

export const convertCommand: Command = async (argv, io) => {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`${args}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const from = args.from as ImportFormat;
  const to = args.to as ExportFormat;
  if (!args.file || !IMPORT_FORMATS.includes(from) || !EXPORT_FORMATS.includes(to)) {
    const what = !args.file ? "a FILE (or - for standard input)" : !IMPORT_FORMATS.includes(from) ? "--from" : "--to";
    io.stderr.write(`missing or invalid ${what}\n${USAGE}`);
    return 1;
  }
  let text: string;
  try {
    text = await readInput(args.file, io);
  } catch (err) {
    io.stderr.write(`${args.file}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const fallback = args.title ?? titleFromPath(args.file);
    let exercise = readExercise(text, from, fallback ? { title: fallback } : {});
    // A JSON file brings its own title; an explicit --title still wins.
    if (args.title?.trim()) exercise = { ...exercise, title: args.title.trim() };
    if (to === "json") io.stdout.write(writeJson(exercise));
    else {
      const { text: gift, skipped } = toGift(exercise);
      io.stdout.write(gift);
      if (skipped.length)
        io.stderr.write(
          `${args.file}: ${skipped.length} item(s) skipped, GIFT cannot express them (listed at the top of the output)\n`,
        );
    }
    return 0;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    const name = args.file === "-" ? "<stdin>" : args.file;
    for (const e of err.errors) io.stderr.write(`${name}:${e.line}:${e.column ?? 1}: ${e.message}\n`);
    return 1;
  }
};
