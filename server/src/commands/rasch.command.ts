/**
 * `languagecloud rasch FILE.csv [--json]`: a Rasch calibration (methodology.md §3) of results exported from any
 * system, from the same CSV as `stats`. Prints items and students as tables, or JSON with `--json`. Files over
 * PROGRESS_ROWS rows (or with `--progress`) report each stage on stderr.
 */
import {
  calibrateRasch,
  parseScoresCsv,
  RaschError,
  raschMatrixFromScores,
  StatsCsvError,
} from "@languagecloud/domain";
import { type Command, readInput } from "./command.ts";
import { fixed, table } from "./table.ts";

const USAGE = `usage: languagecloud rasch FILE.csv [--json] [--progress]

Calibrates items and students on one logit scale with the Rasch model (conditional maximum likelihood for item
difficulties, Warm's weighted likelihood for abilities), as methodology.md §3 defines it.

FILE.csv is the CSV of \`languagecloud stats\` (- reads standard input), one row per attempt and item:
  attempt      id of the attempt (required)
  student      id of the student (required)
  item         id of the item (required)
  score        points scored; empty or - means shown but not answered (counts as wrong)
  max_score    the item's maximum; items with 0 are left out
  submitted_at optional ISO 8601 time; a student's first attempt on an item is the one used
An item counts as right when it got full marks. Items everyone got right or wrong, and students with all or
nothing right, are reported as extreme and not used for the difficulties.

  --json      print {n, method, items, students} as JSON instead of tables
  --progress  report each stage on stderr (automatic above 50,000 rows)
`;

const PROGRESS_ROWS = 50_000;

export const raschCommand: Command = async (argv, io) => {
  let file: string | undefined;
  let json = false;
  let progress: boolean | undefined;
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === "--json") json = true;
    else if (arg === "--progress") progress = true;
    else if (arg.startsWith("-") && arg !== "-") {
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
  const started = performance.now();
  let text: string;
  try {
    text = await readInput(file, io);
  } catch (err) {
    io.stderr.write(`${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const rows = text.split("\n").length - 1;
  const report = progress ?? rows > PROGRESS_ROWS;
  const say = (s: string) => report && io.stderr.write(`${s}\n`);
  try {
    say(`reading ${rows.toLocaleString("en")} lines…`);
    const scores = parseScoresCsv(text);
    const matrix = raschMatrixFromScores(scores);
    say(`calibrating ${matrix.students.length} students × ${matrix.items.length} items…`);
    const fit = calibrateRasch(matrix.responses, matrix.items.length, {
      onProgress: (share) => say(`  ${Math.round(share * 100)} %`),
    });
    say(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const items = fit.items.map((it, c) => ({
      item: matrix.items[c]!,
      difficulty: it.difficulty,
      se: it.se,
      infit: it.infit,
      outfit: it.outfit,
      extreme: it.extreme,
      unlinked: it.unlinked,
      answered: it.answered,
      right: it.right,
    }));
    const students = fit.students.map((s, r) => ({
      student: matrix.students[r]!,
      ability: s.ability,
      se: s.se,
      answered: s.answered,
      right: s.right,
      extreme: s.extreme,
    }));
    if (json) {
      const out = { n: fit.estimatedStudents, method: fit.method, converged: fit.converged, items, students };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(
      `Rasch calibration (CML): ${fit.estimatedItems} of ${items.length} items and ${fit.estimatedStudents} of ` +
        `${students.length} students used for the difficulties. Difficulty and ability are in logits on one scale ` +
        `(items sum to 0); ± is one standard error; fit mean squares near 1 mean the item behaves like the rest.\n\n`,
    );
    io.stdout.write(
      table(
        ["item", "difficulty", "se", "infit", "outfit", "right", "note"],
        items.map((it) => [
          it.item,
          fixed(it.difficulty),
          fixed(it.se),
          fixed(it.infit),
          fixed(it.outfit),
          `${it.right}/${it.answered}`,
          it.extreme
            ? it.right === 0
              ? "extreme: nobody right"
              : "extreme: all right"
            : it.unlinked
              ? "unlinked"
              : "",
        ]),
      ),
    );
    io.stdout.write("\n");
    io.stdout.write(
      table(
        ["student", "ability", "se", "right", "note"],
        students.map((s) => [
          s.student,
          fixed(s.ability),
          fixed(s.se),
          `${s.right}/${s.answered}`,
          s.extreme ? (s.right === 0 ? "nothing right" : "all right") : "",
        ]),
      ),
    );
    return 0;
  } catch (err) {
    if (err instanceof StatsCsvError || err instanceof RaschError) {
      io.stderr.write(`${file === "-" ? "stdin" : file}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
};
