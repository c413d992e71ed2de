import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const dataDir = mkdtempSync(join(tmpdir(), "lc-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("npm start on an empty database (issue 15, item 17)", () => {
  it("prints the URL and the demo login first, with no seeding logs before them", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["server/bin/languagecloud.js", "serve"], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no demo line in time:\n${out}`)), 90_000);
        child.stdout.on("data", (d) => {
          out += String(d);
          if (/Demo organization created.*\n/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
    } finally {
      child.kill("SIGTERM");
    }
    // Fastify's own "Server listening at" log line may come between the two (it says the same URL); any other
    // line before the login, the seeding's logs above all, is a failure.
    const lines = out.split("\n").filter((l) => l && !/"msg":"Server listening at /.test(l));
    expect(lines[0]).toBe(`Language Cloud is running at http://127.0.0.1:${port}`);
    expect(lines[1]).toMatch(/^Demo organization created: log in as teacher@demo\.languagecloud\.test/);
  }, 120_000);
});
