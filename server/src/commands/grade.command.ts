/**
 * `languagecloud grade --item ITEM.json --response RESPONSE.json` prints the grading result as JSON;
 * `--batch FILE.jsonl` grades one {"item", "response"} per line and prints one result per line, in order. A bad
 * line does not stop the batch: its output line is `{"line": N, "error": "…"}` (so outputs stay aligned with
 * inputs), it is also said on standard error, and the exit code is 1 at the end. A path of `-` reads standard input.
 */
import { grade, itemSchema, responseSchema } from "@languagecloud/domain";
import type { Command, CommandIO } from "./command.ts";
import { readInput } from "./command.ts";

const USAGE =
  "usage: languagecloud grade --item ITEM.json --response RESPONSE.json\n" +
  "       languagecloud grade --batch FILE.jsonl [--progress]\n\n" +
  "Grades as the server does (grading.md) and prints the result as JSON. '-' reads standard input.\n" +
  '  --batch     one {"item": …, "response": …} per line; one result per line, in order. A bad line gives\n' +
  '              {"line": N, "error": "…"} in its place and exit code 1 at the end.\n' +
  "  --progress  report progress on standard error (automatic above 10,000 lines)\n";

const PROGRESS_LINES = 10_000;

class InputError extends Error {}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h") {
      out.help = "1";
      continue;
    }
    const m = /^--(item|response|batch|help|progress)(?:=(.*))?$/.exec(arg);
    if (!m) throw new InputError(`unknown argument "${arg}"`);
    if (m[1] === "help" || m[1] === "progress") out[m[1]] = "1";
    else if (m[2] !== undefined) out[m[1]!] = m[2];
    else {
      const value = argv[++i];
      if (value === undefined) throw new InputError(`--${m[1]} needs a value`);
      out[m[1]!] = value;
    }
  }
  return out;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what}: not valid JSON (${(e as Error).message})`);
  }
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

function gradeOne(item: unknown, response: unknown, where: string): string {
  const parsedItem = itemSchema.safeParse(item);
  if (!parsedItem.success) throw new InputError(`${where}: invalid item: ${issues(parsedItem.error)}`);
  // An empty response is a blank answer, which the response schema (one shape per type) does not list.
  const empty = response == null || (typeof response === "object" && !Object.keys(response).length);
  if (empty) return JSON.stringify(grade(parsedItem.data, {}));
  const parsedResponse = responseSchema.safeParse(response);
  if (!parsedResponse.success) throw new InputError(`${where}: invalid response: ${issues(parsedResponse.error)}`);
  return JSON.stringify(grade(parsedItem.data, parsedResponse.data));
}

export const gradeCommand: Command = async (argv: string[], io: CommandIO): Promise<number> => {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (args.batch !== undefined) {
      if (args.item !== undefined || args.response !== undefined)
        throw new InputError("--batch excludes --item and --response");
      const lines = (await readInput(args.batch, io)).split(/\r?\n/);
      const report = args.progress !== undefined || lines.length > PROGRESS_LINES;
      const out: string[] = [];
      let failed = 0;
      lines.forEach((line, i) => {
        if (report && i > 0 && i % PROGRESS_LINES === 0) {
          io.stderr.write(`graded ${i.toLocaleString("en")} of ${lines.length.toLocaleString("en")} lines\n`);
        }
        if (!line.trim()) return;
        const where = `line ${i + 1}`;
        try {
          const row = parseJson(line, where);
          if (!row || typeof row !== "object" || !("item" in row))
            throw new InputError(`${where}: expected {"item":…,"response":…}`);
          const { item, response } = row as { item: unknown; response?: unknown };
          out.push(gradeOne(item, response, where));
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          failed++;
          io.stderr.write(`languagecloud grade: ${e.message}\n`);
          out.push(JSON.stringify({ line: i + 1, error: e.message.replace(/^line \d+: /, "") }));
        }
      });
      io.stdout.write(out.length ? `${out.join("\n")}\n` : "");
      if (failed) io.stderr.write(`languagecloud grade: ${failed} of ${out.length} lines could not be graded\n`);
      return failed ? 1 : 0;
    }
    if (args.item === undefined || args.response === undefined)
      throw new InputError("--item and --response are required");
    if (args.item === "-" && args.response === "-")
      throw new InputError("only one of --item and --response can read stdin");
    const item = parseJson(await readInput(args.item, io), args.item === "-" ? "stdin" : args.item);
    const response = parseJson(await readInput(args.response, io), args.response === "-" ? "stdin" : args.response);
    io.stdout.write(`${gradeOne(item, response, "input")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr.write(
        `languagecloud grade: ${e.message}\n${e.message.startsWith("unknown") || e.message.includes("required") ? USAGE : ""}`,
      );
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === "ENOENT" || err?.code === "EISDIR" || err?.code === "EACCES") {
      io.stderr.write(`languagecloud grade: cannot read ${err.path ?? "input"}: ${err.code}\n`);
      return 1;
    }
    throw e;
  }
};
