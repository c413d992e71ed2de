import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statsCommand } from "./stats.command.ts";
import { runCommand } from "./testing.ts";

const run = (argv: string[], stdin = "") => runCommand(statsCommand, argv, stdin);

// Fixture D1 of domain/src/statistics/analysis.test.ts (hand-computed there): cic 3/19, b discriminates negatively.
const D1 = `attempt,student,item,score,max_score
1,s1,a,1,1
1,s1,b,0,1
1,s1,c,2,2
2,s2,a,1,1
2,s2,b,1,1
2,s2,c,1,2
3,s3,a,0,1
3,s3,b,1,1
3,s3,c,0,2
4,s4,a,1,1
4,s4,b,1,1
4,s4,c,2,2
`;

describe("languagecloud stats", () => {
  it("prints the analysis of a CSV file as pretty JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lc-stats-"));
    const file = join(dir, "results.csv");
    await writeFile(file, D1);
    const { code, stdout: out, stderr: err } = await run([file]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/^\{\n {2}"test": \{/);
    const r = JSON.parse(out);
    expect(Object.keys(r)).toEqual(["test", "items"]);
    expect(r.test.n).toBe(4);
    expect(r.test.median).toBe(3);
    expect(r.test.cic).toBeCloseTo(3 / 19, 12);
    expect(r.items.map((i: { item: string }) => i.item)).toEqual(["a", "b", "c"]);
    expect(r.items[1].flags).toEqual(["low_discrimination", "negative_discrimination"]);
    expect(r.items[2].discriminativeEfficiency).toBeCloseTo(1 / 3, 12);
    expect(Object.keys(r.items[0])).toEqual([
      "item",
      "n",
      "facility",
      "sd",
      "randomGuessScore",
      "intendedWeight",
      "effectiveWeight",
      "discriminationIndex",
      "discriminativeEfficiency",
      "flags",
    ]);
  });

  // X: x1 on Jan 3 scores 1, x2 on Jan 1 scores 0; Y: one attempt scoring 2 (of 2). Columns in another order.
  const multi = `student,attempt,item,max_score,score,submitted_at,response
X,x1,q1,1,1,2024-01-03T10:00:00Z,goes
X,x1,q2,1,0,2024-01-03T10:00:00Z,"go, went"
X,x2,q1,1,0,2024-01-01T10:00:00Z,go
X,x2,q2,1,-,2024-01-01T10:00:00Z,
Y,y1,q1,1,1,2024-01-02T10:00:00Z,goes
Y,y1,q2,1,1,2024-01-02T10:00:00Z,went
`;
  it.each([
    [[], 2, (0 + 2) / 2],
    [["--attempts", "first"], 2, 1],
    [["--attempts=last"], 2, (1 + 2) / 2],
    [["--attempts", "best"], 2, 1.5],
    [["--attempts", "all"], 3, 1],
  ])("reads stdin with policy %j", async (args, n, mean) => {
    const { code, stdout: out } = await run(["-", ...args], multi);
    expect(code).toBe(0);
    expect(JSON.parse(out).test).toMatchObject({ n, mean });
  });

  it.each([
    ["attempt,student,item,score\n1,s,a,1\n", /line 1: missing column max_score/],
    ["attempt,student,item,score,max_score\n1,s,a,1,1\n1,s,b,half,1\n", /line 3: score "half" is not a number/],
    ["attempt,student,item,score,max_score\n1,s,a,2,1\n", /line 2: score 2 is outside 0\.\.max_score \(1\)/],
    [
      "attempt,student,item,score,max_score\n1,s,a,1,1\n2,t,a,1,2\n",
      /line 3: max_score 2 for item "a" differs from 1 on line 2/,
    ],
    ["attempt,student,item,score,max_score\n1,s,a,1,1\n1,s,a,0,1\n", /line 3: attempt "1" has item "a" twice/],
    ["attempt,student,item,score,max_score\n1,s,a,1,1\n1,t,b,0,1\n", /line 3: attempt "1" belongs to student "s"/],
    ["attempt,student,item,score,max_score\n1,s,a,1,1\n2,s,a,1,1,9\n", /line 3: .*Record Length/],
    ['attempt,student,item,score,max_score\n1,s,a,1,1\n"2,s,a,1,1\n', /line 3: .*Quote Not Closed/],
    ["attempt,student,item,score,max_score,submitted_at\n1,s,a,1,1,yesterday\n", /line 2: submitted_at "yesterday"/],
    ["", /line 1: the file is empty/],
  ])("rejects bad CSV with the line number: %j", async (csv, message) => {
    const { code, stdout: out, stderr: err } = await run(["-"], csv);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^stdin: /);
    expect(err).toMatch(message);
  });

  it("counts the line where a multi-line quoted record starts", async () => {
    const csv = 'attempt,student,item,score,max_score,response\n1,s,a,1,1,"two\nlines"\n2,s,a,x,1,\n';
    expect((await run(["-"], csv)).stderr).toMatch(/line 4: score "x"/);
  });

  it("reports usage errors with exit code 2 and a missing file with 1", async () => {
    expect((await run([])).code).toBe(2);
    const bad = await run(["f.csv", "--attempts", "worst"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--attempts must be one of first, last, best, all/);
    expect((await run(["f.csv", "--bogus"])).code).toBe(2);
    const missing = await run([join(tmpdir(), "does-not-exist-lc.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does-not-exist-lc\.csv: .*ENOENT/);
    expect((await run(["--help"])).stdout).toMatch(/^usage: languagecloud stats/);
  });

  it("prints tables with the figures explained with --table (the default in a terminal)", async () => {
    const { code, stdout: out } = await run(["--table", "-"], D1);
    expect(code).toBe(0);
    // cic 3/19 = 15.8 %, mean 2.75 of 4 = 68.8 % (D1, hand-computed in the domain tests).
    expect(out).toMatch(/reliability \(CIC\)\s+15\.8 %\s+how consistently/);
    expect(out).toMatch(/mean\s+68\.8 %\s+the average score/);
    expect(out).toMatch(/^b\s+4\s+75\.0 %.*low_discrimination negative_discrimination$/m);
    expect(out).toMatch(/With 4 attempts these figures are tentative/);
    const json = await run(["--json", "-"], D1);
    expect(JSON.parse(json.stdout).test.n).toBe(4);
  });

  it("reads the responses export of an assignment as it is", async () => {
    const grid = [
      "Name,Email,Attempt,Submitted,Score,Max,Q1 (/1),Q1: answer,Q1: categories,Q2 (/1),Q2: answer,Q2: categories,Q3 (/2),Q3: answer,Q3: categories",
      "S1,s1@x.org,1,2026-03-01T10:00:00Z,3,4,1,a,,0,b,,2,c,",
      "S2,s2@x.org,1,2026-03-01T10:00:00Z,3,4,1,a,,1,b,,1,c,",
      "S3,s3@x.org,1,2026-03-01T10:00:00Z,1,4,0,a,,1,b,,0,c,",
      "S4,s4@x.org,1,2026-03-01T10:00:00Z,4,4,1,a,,1,b,,2,c,",
    ].join("\n");
    const fromGrid = JSON.parse((await run(["--json", "-"], grid)).stdout);
    const fromLong = JSON.parse((await run(["--json", "-"], D1)).stdout);
    // The same scores as D1 under other names: every figure is the same.
    expect(fromGrid.test).toEqual(fromLong.test);
    expect(fromGrid.items.map((i: { facility: number }) => i.facility)).toEqual(
      fromLong.items.map((i: { facility: number }) => i.facility),
    );
  });

  it("documents its CSV columns in --help and exits 0", async () => {
    const { code, stdout: out } = await run(["--help"]);
    expect(code).toBe(0);
    for (const column of ["attempt", "student", "item", "score", "max_score", "submitted_at"]) {
      expect(out).toMatch(new RegExp(`^\\s+${column}\\s`, "m"));
    }
    expect(out).toMatch(/responses export/);
  });
});
