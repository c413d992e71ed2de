import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ermRasch,
  expandPatterns,
  hasRscriptWithErm,
  LSAT7_FREQUENCIES,
} from "../../../domain/src/methodology/rasch/testing.ts";
import { raschCommand } from "./rasch.command.ts";
import { runCommand } from "./testing.ts";

const run = (argv: string[], stdin = "") => runCommand(raschCommand, argv, stdin);

/** LSAT-7 (Bock & Lieberman 1970) as the stats CSV, plus an item everyone got right (max 2, full marks = right). */
function lsat7Csv(): string {
  const rows = ["attempt,student,item,score,max_score"];
  expandPatterns(LSAT7_FREQUENCIES, 5).forEach((pattern, s) => {
    for (const [i, x] of pattern.entries()) rows.push(`a${s},s${s},q${i + 1},${x},1`);
    rows.push(`a${s},s${s},easy,2,2`);
  });
  return `${rows.join("\n")}\n`;
}

const haveR = hasRscriptWithErm();
if (!haveR && process.env.REQUIRE_SERVICES === "1")
  throw new Error("REQUIRE_SERVICES=1 but Rscript with eRm is missing");

describe("languagecloud rasch", () => {
  it.skipIf(!haveR)("prints eRm's difficulties for LSAT-7 as JSON, reporting the all-right item", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lc-rasch-"));
    const file = join(dir, "lsat7.csv");
    await writeFile(file, lsat7Csv());
    const { code, stdout: out, stderr: err } = await run([file, "--json"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.method).toBe("cml");
    expect(r.n).toBe(1000 - 12 - 308); // all-wrong and all-right students do not count for the difficulties
    const ref = ermRasch([expandPatterns(LSAT7_FREQUENCIES, 5)])[0]!;
    for (let i = 0; i < 5; i++) {
      expect(r.items[i].item).toBe(`q${i + 1}`);
      expect(Math.abs(r.items[i].difficulty - ref.difficulty[i]!)).toBeLessThan(1e-4);
      expect(Math.abs(r.items[i].se - ref.se[i]!)).toBeLessThan(1e-3);
    }
    expect(r.items[5]).toMatchObject({ item: "easy", extreme: true, difficulty: null, right: 1000 });
  });

  it("prints tables by default, reads standard input, and explains the columns in --help", async () => {
    const { code, stdout: out } = await run(["-"], lsat7Csv());
    expect(code).toBe(0);
    expect(out).toMatch(/^Rasch calibration \(CML\): 5 of 6 items and 680 of 1000 students/);
    expect(out).toMatch(/\nitem\s+difficulty\s+se\s+infit\s+outfit\s+right\s+note\n/);
    expect(out).toMatch(/\neasy\s+—\s+—\s+—\s+—\s+1000\/1000\s+extreme: all right\n/);
    expect(out).toMatch(/\nstudent\s+ability\s+se\s+right\s+note\n/);
    const help = await run(["--help"]);
    for (const column of ["attempt", "student", "item", "score", "max_score", "submitted_at"])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${column}\\s`));
  });

  it("reports its stages on stderr with --progress", async () => {
    const { code, stderr: err } = await run(["-", "--progress"], lsat7Csv());
    expect(code).toBe(0);
    expect(err).toMatch(/reading 6,001 lines…\ncalibrating 1000 students × 6 items…\n {2}10 %\n/);
    expect(err).toMatch(/ {2}100 %\ndone in \d+\.\d\d s\n/);
  });

  it("rejects bad input with the line and exit 1, and bad options with exit 2", async () => {
    const bad = await run(["-"], "attempt,student,item,score,max_score\n1,s1,a,3,1\n");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("stdin: line 2: score 3 is outside 0..max_score (1)\n");
    expect((await run(["--bogus"])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it("says so when the answers do not link the items", async () => {
    // Two students on a, b and two others on c, d: no common item, so no common scale, but each half alone is
    // fine; the larger part (here the first, on ties) is estimated, the rest reported as unlinked.
    const csv = [
      "attempt,student,item,score,max_score",
      "1,s1,a,1,1",
      "1,s1,b,0,1",
      "2,s2,a,0,1",
      "2,s2,b,1,1",
      "3,s3,c,1,1",
      "3,s3,d,0,1",
      "4,s4,c,0,1",
      "4,s4,d,1,1",
    ].join("\n");
    const { code, stdout: out } = await run(["-", "--json"], csv);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.items.map((i: { unlinked: boolean }) => i.unlinked)).toEqual([false, false, true, true]);
    expect(r.items[0].difficulty).toBeCloseTo(0, 10);
  });
});
