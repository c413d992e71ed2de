import { describe, expect, it } from "vitest";
import { analyzeAttempts } from "./analysis.ts";
import { parseScoresCsv, StatsCsvError } from "./csv.ts";

// The responses export as the web app writes it (api.md: `/assignments/{id}/responses?format=csv`), BOM and CRLF.
const GRID = [
  "\ufeffName,Email,Attempt,Submitted,Score,Max,He __ to school (/1),He __ to school: answer,He __ to school: categories,Write about your day (/4),Write about your day: answer,Write about your day: categories,He __ to school (/2),He __ to school: answer,He __ to school: categories",
  "Ana,ana@example.org,1,2026-03-01T10:00:00Z,5,7,1,goes,,pending,I woke up…,,2,went,",
  "Ben,ben@example.org,1,2026-03-01T10:05:00Z,3,7,0,go,word_form,3,I go school,,0,goed,word_form",
  'Cleo,cleo@example.org,1,2026-03-01T10:07:00Z,6,7,1,goes,,4,"Today, I…",,1,gone,word_form',
  "Dan,dan@example.org,2,2026-03-02T09:00:00Z,1,7,,,,1,…,,,,",
].join("\r\n");

// The same results in the offline analyzer's own long form.
const LONG = `attempt,student,item,score,max_score,submitted_at
ana@example.org#1,ana@example.org,He __ to school,1,1,2026-03-01T10:00:00Z
ana@example.org#1,ana@example.org,He __ to school (2),2,2,2026-03-01T10:00:00Z
ben@example.org#1,ben@example.org,He __ to school,0,1,2026-03-01T10:05:00Z
ben@example.org#1,ben@example.org,Write about your day,3,4,2026-03-01T10:05:00Z
ben@example.org#1,ben@example.org,He __ to school (2),0,2,2026-03-01T10:05:00Z
cleo@example.org#1,cleo@example.org,He __ to school,1,1,2026-03-01T10:07:00Z
cleo@example.org#1,cleo@example.org,Write about your day,4,4,2026-03-01T10:07:00Z
cleo@example.org#1,cleo@example.org,He __ to school (2),1,2,2026-03-01T10:07:00Z
dan@example.org#2,dan@example.org,Write about your day,1,4,2026-03-02T09:00:00Z
`;

describe("the responses export read as scores", () => {
  it("gives the same analysis as the same results in long form", () => {
    const grid = parseScoresCsv(GRID);
    const long = parseScoresCsv(LONG);
    expect(grid.items).toEqual([
      { id: "He __ to school", maxScore: 1 },
      { id: "Write about your day", maxScore: 4 },
      { id: "He __ to school (2)", maxScore: 2 },
    ]);
    // Pending essays and items an attempt did not have are left out, not counted as 0.
    expect(grid.attempts[0]!.scores).toEqual({ "He __ to school": 1, "He __ to school (2)": 2 });
    expect(analyzeAttempts(grid.attempts, grid.items)).toEqual(
      analyzeAttempts(
        long.attempts,
        // Long form lists items in order of first appearance; compare on the grid's order.
        grid.items,
      ),
    );
  });

  it("says which cell is wrong, by its line and column", () => {
    const bad = GRID.replace(
      "Ben,ben@example.org,1,2026-03-01T10:05:00Z,3,7,0",
      "Ben,ben@example.org,1,2026-03-01T10:05:00Z,3,7,5",
    );
    expect(() => parseScoresCsv(bad)).toThrow(StatsCsvError);
    expect(() => parseScoresCsv(bad)).toThrow(
      'line 3: "5" in column "He __ to school (/1)" is not a score between 0 and 1',
    );
  });
});
