/**
 * `languagecloud stats FILE.csv [--attempts first|last|best|all] [--json|--table] [--progress]`: item analysis of
 * results exported from any system (statistics.md, "Offline analyzer"), from the same domain code as the API.
 * Output: the API's `{test, items}` JSON (statistics.md) when standard output is a pipe or a file, or with `--json`;
 * a table with the figures explained when it is a terminal, or with `--table`. `-` reads standard input.
 */
import {
  ATTEMPT_POLICIES,
  type AttemptPolicy,
  analyzeAttempts,
  type ItemAnalysis,
  parseScoresCsv,
  StatsCsvError,
} from "@languagecloud/domain";
import { type Command, readInput } from "./command.ts";
import { fixed, percent, table } from "./table.ts";

const USAGE = `usage: languagecloud stats FILE.csv [--attempts first|last|best|all] [--json|--table] [--progress]

Item analysis as Moodle computes it (statistics.md): facility, discrimination, weights, the test's reliability.

FILE.csv (- reads standard input) is either
  the offline analyzer's CSV, one row per attempt and item, columns in any order:
    attempt       id of the attempt (required)
    student       id of the student (required)
    item          id of the item (required)
    score         points scored; empty or - means shown but not answered (counts as 0)
    max_score     the item's maximum (required; the same on every row of an item)
    submitted_at  optional ISO 8601 time; orders a student's attempts for --attempts
    response      optional, ignored here
  or the responses export of an assignment (Responses page, "Download CSV"): Name, Email, Attempt,
    Submitted, Score, Max, then "ITEM (/MAX)", "ITEM: answer", "ITEM: categories" per item; a pending
    essay is left out of its attempt.
A missing row (or an empty cell in the export) means the item was not in that attempt.

  --attempts  which attempts of each student count: first (default), last, best or all
  --json      print {"test": …, "items": […]} as JSON (the default when the output is not a terminal)
  --table     print tables with explanations (the default in a terminal)
  --progress  report each stage on standard error (automatic above 50,000 lines)
`;

const PROGRESS_LINES = 50_000;

/** The figures in words a teacher can read, with Moodle's usual target ranges. */
function printTables(result: ItemAnalysis): string {
  const t = result.test;
  const share = (v: number | null) => (v === null || !t.maxScore ? null : v / t.maxScore);
  const out: string[] = [];
  out.push(`Test: ${t.n} attempt${t.n === 1 ? "" : "s"}, out of ${Number(t.maxScore.toFixed(2))} points\n`);
  out.push(
    table(
      ["figure", "value", "what it means"],
      [
        ["mean", percent(share(t.mean)), "the average score"],
        ["median", percent(share(t.median)), "half the attempts scored more, half less"],
        ["standard deviation", percent(share(t.sd)), "how spread out the scores are"],
        ["skewness", fixed(t.skewness), "below 0: most scored high (a long tail of low scores); above 0: the reverse"],
        ["kurtosis", fixed(t.kurtosis), "above 0: scores bunched in the middle with a few far out"],
        ["reliability (CIC)", percent(t.cic), "how consistently the items measure one thing; aim for 75 % or more"],
        ["error ratio", percent(t.errorRatio), "the share of the spread that is noise; aim for under 50 %"],
        ["standard error", percent(share(t.standardError)), "a score's likely error either way"],
      ],
      [2],
    ),
  );
  out.push("Items (facility: the share who got it right, 30–70 % ideal for ranking; discrimination: do the strong");
  out.push(
    "students get it right more often, above 30 % good; efficiency: discrimination against its best possible)\n",
  );
  out.push(
    table(
      ["item", "n", "facility", "sd", "discrimination", "efficiency", "intended", "effective", "flags"],
      result.items.map((f) => [
        f.item,
        String(f.n),
        percent(f.facility),
        percent(f.sd),
        percent(f.discriminationIndex),
        percent(f.discriminativeEfficiency),
        percent(f.intendedWeight),
        percent(f.effectiveWeight),
        f.flags.join(" "),
      ]),
      [8],
    ),
  );
  if (t.n < 20) out.push(`With ${t.n} attempts these figures are tentative: 20 or more give stable ones.\n`);
  return out.join("\n");
}

export const statsCommand: Command = async (argv, io) => {
  let file: string | undefined;
  let policy: AttemptPolicy = "first";
  let format: "json" | "table" | undefined;
  let progress: boolean | undefined;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === "--help" || arg === "-h") {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === "--json" || arg === "--table") format = arg === "--json" ? "json" : "table";
    else if (arg === "--progress") progress = true;
    else if (arg === "--attempts" || arg.startsWith("--attempts=")) {
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
  const lines = text.split("\n").length - 1;
  const say = (s: string) => (progress ?? lines > PROGRESS_LINES) && io.stderr.write(`${s}\n`);
  try {
    const started = performance.now();
    say(`reading ${lines.toLocaleString("en")} lines…`);
    const { items, attempts } = parseScoresCsv(text);
    say(`analyzing ${attempts.length.toLocaleString("en")} attempts × ${items.length} items…`);
    const result = analyzeAttempts(attempts, items, { attempts: policy });
    say(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const tty = (io.stdout as NodeJS.WriteStream).isTTY === true;
    const asTable = format === "table" || (format === undefined && tty);
    io.stdout.write(asTable ? printTables(result) : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof StatsCsvError) {
      io.stderr.write(`${file === "-" ? "stdin" : file}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
};
