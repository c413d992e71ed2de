import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertCommand } from "./convert.command.ts";
import { runCommand } from "./testing.ts";

const run = (argv: string[], stdin = "") => runCommand(convertCommand, argv, stdin);

async function file(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lc-convert-"));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const GIFT = "::A:: Yesterday I {=went ~goed ~gone} to school.\n\n::B:: Two plus two? {#4}\n\nIntro text.\n";

describe("languagecloud convert", () => {
  it("GIFT → JSON: one exercise, items in file order, title from the file name", async () => {
    const path = await file("unit-3.past.gift", GIFT);
    const r = await run([path, "--from", "gift", "--to", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const ex = JSON.parse(r.stdout);
    expect(ex.title).toBe("unit-3.past");
    expect(ex.items.map((i: { id: string; type: string }) => `${i.id}:${i.type}`)).toEqual([
      "q1:gap_fill",
      "q2:numerical",
      "q3:description",
    ]);
  });

  it("--title wins, also over a JSON file's own title; --to gift writes GIFT", async () => {
    const path = await file(
      "x.json",
      JSON.stringify({ title: "Own", items: [{ type: "true_false", prompt: "Q", answer: true }] }),
    );
    const r = await run([path, "--from=json", "--to=gift", "--title", "Renamed"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("// Renamed\n\nQ {TRUE}\n");
  });

  it("reads standard input with -", async () => {
    const r = await run(["-", "--from", "aiken", "--to", "json"], "Q?\nA. a\nB. b\nANSWER: B\n");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ title: "Imported exercise", items: [{ type: "multiple_choice" }] });
  });

  it("prints FILE:LINE:COL: message for every problem and exits 1", async () => {
    const path = await file("bad.gift", "Q1 {=a ~b}\n\nQ2 {=a\n~b\n\nQ3 {#x}\n");
    const r = await run([path, "--from", "gift", "--to", "json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `${path}:3:4: this "{" is never closed: expected "}" before the next blank line or the end of the file`,
      expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:6:6: expected a number`)),
    ]);
  });

  it("a CSV with a missing column names line 1", async () => {
    const path = await file("items.csv", "prompt,answers\nQ,a\n");
    const r = await run([path, "--from", "csv", "--to", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}:1:1: missing column "type"`);
  });

  it("reports skipped items on stderr when writing GIFT", async () => {
    const json = JSON.stringify({
      title: "t",
      items: [
        { type: "ordering", sequence: ["a", "b"] },
        { type: "essay", prompt: "W" },
      ],
    });
    const r = await run(["-", "--from", "json", "--to", "gift"], json);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("// Skipped, GIFT cannot express them:\n//   q1 (ordering)");
    expect(r.stderr).toContain("1 item(s) skipped");
  });

  it("GIFT → Moodle XML → JSON; QTI (a zip) is left to the API, not written as text", async () => {
    const xml = await run(["-", "--from", "gift", "--to", "moodlexml"], GIFT);
    expect(xml.code).toBe(0);
    expect(xml.stdout).toContain('<question type="gapselect">');
    const back = await run(["-", "--from", "moodlexml", "--to", "json"], xml.stdout);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).items.map((i: { type: string }) => i.type)).toEqual([
      "gap_fill",
      "numerical",
      "description",
    ]);
    expect((await run(["-", "--from", "gift", "--to", "qti3"], GIFT)).stderr).toContain("--to");
    expect((await run(["-", "--from", "qti", "--to", "json"], GIFT)).stderr).toContain("--from");
  });

  it("usage errors: missing file, bad formats, unknown option, unreadable file", async () => {
    expect((await run(["--from", "gift", "--to", "json"])).code).toBe(1);
    expect((await run(["f.gift", "--from", "docx", "--to", "json"])).stderr).toContain("--from");
    expect((await run(["f.gift", "--from", "gift", "--to", "pdf"])).stderr).toContain("--to");
    expect((await run(["f.gift", "--frm", "gift"])).stderr).toContain('unexpected argument "--frm"');
    const missing = await run(["/nonexistent/f.gift", "--from", "gift", "--to", "json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("/nonexistent/f.gift: ");
    expect((await run(["--help"])).code).toBe(0);
  });

  it("infers --from from the file's extension, and says why when it cannot", async () => {
    const gift = await file("unit.gift", GIFT);
    const r = await run([gift, "--to", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items).toHaveLength(3);
    const xml = await run([await file("bank.xml", (await run([gift, "--to", "moodlexml"])).stdout), "--to", "json"]);
    expect(xml.code).toBe(0);
    expect(JSON.parse(xml.stdout).items.map((i: { type: string }) => i.type)).toEqual([
      "gap_fill",
      "numerical",
      "description",
    ]);
    const txt = await run([await file("unit.txt", GIFT), "--to", "json"]);
    expect(txt.code).toBe(1);
    expect(txt.stderr).toMatch(/may be GIFT or Aiken: give --from/);
    const stdin = await run(["-", "--to", "json"], GIFT);
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toMatch(/standard input has no extension/);
    expect((await run(["-", "--from", "gift", "--to", "json"], GIFT)).code).toBe(0);
  });

  it("writes Moodle XML, and --help exits 0", async () => {
    const r = await run([await file("unit.gift", GIFT), "--to", "moodlexml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml/);
    expect(r.stdout).toContain("<quiz>");
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--from/);
  });
});
