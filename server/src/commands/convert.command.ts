/**
 * `languagecloud convert FILE [--from gift|aiken|csv|json|moodlexml] --to json|gift|moodlexml [--title T]` prints
 * the converted exercise on standard output; without --from, the format is the file's extension's. A FILE of `-`
 * reads standard input (then --from is needed). Bad input: one `FILE:LINE:COL: message` per problem on standard
 * error and exit code 1, so editors and CI logs can jump to the spot. What the target format cannot express is
 * said on standard error.
 */
import {
  EXPORT_FORMATS,
  type ExportFormat,
  FormatError,
  IMPORT_FORMATS,
  type ImportFormat,
  readExercise,
  toGift,
  toMoodleXml,
  writeJson,
} from "@languagecloud/domain";
import type { Command } from "./command.ts";
import { readInput } from "./command.ts";

const USAGE = `usage: languagecloud convert FILE [--from FORMAT] --to json|gift|moodlexml [--title TITLE]

Converts an exercise file (content-model.md). FILE - reads standard input.
  --from   gift, aiken, csv, json or moodlexml; by default the file's extension says it
           (.gift, .aiken, .csv, .json, .xml). A .txt file may be GIFT or Aiken: say which.
           QTI packages (.zip) are imported in the web app or the API, not here.
  --to     json, gift or moodlexml
  --title  the exercise's title (default: a JSON file's own, or the file's name)
`;

const TEXT_OUTPUTS = ["json", "gift", "moodlexml"] as const;
const BY_EXTENSION: Record<string, ImportFormat> = {
  gift: "gift",
  aiken: "aiken",
  csv: "csv",
  json: "json",
  xml: "moodlexml",
};

/** The import format a file's extension names, or why it cannot tell. */
function formatOf(path: string): ImportFormat | string {
  if (path === "-") return "standard input has no extension: give --from";
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext && BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (ext === "txt") return "a .txt file may be GIFT or Aiken: give --from gift or --from aiken";
  if (ext === "zip") return "QTI packages are imported in the web app or the API (POST /imports), not by convert";
  return `cannot tell the format of "${path}" from its extension: give --from`;
}

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
  if (!args.file) {
    io.stderr.write(`missing a FILE (or - for standard input)\n${USAGE}`);
    return 1;
  }
  const inferred = args.from === undefined ? formatOf(args.file) : (args.from as ImportFormat);
  if (!IMPORT_FORMATS.includes(inferred as ImportFormat) || inferred === "qti") {
    const why =
      args.from === undefined ? inferred : `--from must be gift, aiken, csv, json or moodlexml (got ${args.from})`;
    io.stderr.write(`${why}\n${USAGE}`);
    return 1;
  }
  const from = inferred as ImportFormat;
  const to = args.to as ExportFormat;
  if (!EXPORT_FORMATS.includes(to) || !(TEXT_OUTPUTS as readonly string[]).includes(to)) {
    io.stderr.write(`missing or invalid --to (json, gift or moodlexml)\n${USAGE}`);
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
    else if (to === "moodlexml") {
      const { text: xml, warnings } = toMoodleXml(exercise);
      io.stdout.write(xml);
      for (const w of warnings) io.stderr.write(`${args.file}: ${w.itemId ? `item ${w.itemId}: ` : ""}${w.message}\n`);
    } else {
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
