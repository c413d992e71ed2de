/**
 * `languagecloud stats FILE.csv [--attempts first|last|best|all]`: item analysis of results exported from any
 * system (statistics.md, "Offline analyzer"). Prints the same `{test, items}` shape as the API, from the same
 * domain code. `-` reads standard input.
 */
import {
  ATTEMPT_POLICIES,
  type AttemptPolicy,
  analyzeAttempts,
  parseScoresCsv,
  StatsCsvError,
} from "@languagecloud/domain";
import { type Command, readInput } from "./command.ts";

const USAGE = "usage: languagecloud stats FILE.csv [--attempts first|last|best|all]\n";

export const statsCommand: Command = async (argv, io) => {
  let file: string | undefined;
  let policy: AttemptPolicy = "first";
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === "--help" || arg === "-h") {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === "--attempts" || arg.startsWith("--attempts=")) {
      const value = arg === "--attempts" ? argv[++k] : arg.slice("--attempts=".length);
      if (!ATTEMPT_POLICIES.includes(value as AttemptPolicy)) {
        io.stderr.write(
          `--attempts must be one of ${ATTEMPT_POLICIES.join(", ")} (got ${value ?? "nothing"})\n${USAGE}`,
        );
        return 2;
      }
      policy = value as AttemptPolicy;
    } else if (arg.startsWith("-") && arg !== "-") {
      io.stderr.write(`unknown option ${arg}\n${USAGE}`);
      return 2;
    } else if (file === undefined) file = arg;
    else {
      io.stderr.write(`one file only (got ${file} and ${arg})\n${USAGE}`);
      return 2;
    }
  }
  if (file === undefined) {
    io.stderr.write(USAGE);
    return 2;
  }

  let text: string;
  try {
    text = await readInput(file, io);
  } catch (err) {
    io.stderr.write(`${file}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const { items, attempts } = parseScoresCsv(text);
    const result = analyzeAttempts(attempts, items, { attempts: policy });
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof StatsCsvError) {
      io.stderr.write(`${file === "-" ? "stdin" : file}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
};
