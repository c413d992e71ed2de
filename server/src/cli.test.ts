import { describe, expect, it } from "vitest";
import { main } from "./cli.ts";
import { runCommand } from "./commands/testing.ts";

const run = (argv: string[]) => runCommand(main, argv);

const COMMANDS = ["serve", "migrate", "worker", "grade", "convert", "stats", "rasch", "backup", "restore"];

describe("languagecloud --help", () => {
  it("lists every command and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.stdout).toContain(`  ${name} `);
  });

  it.each(COMMANDS)("%s --help prints its usage on stdout and exits 0 (and starts nothing)", async (name) => {
    const r = await run([name, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: languagecloud/i);
    expect(r.stderr).toBe("");
  });

  it("serve, migrate and worker refuse arguments they do not take", async () => {
    for (const name of ["serve", "migrate", "worker"]) {
      const r = await run([name, "--port", "80"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unexpected argument "--port"/);
    }
  });

  it("an unknown command is an error with the list", async () => {
    const r = await run(["nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown command "nope"/);
  });
});
