/**
 * The browser tests need the built web app and a Chromium. Builds web/dist when it is missing or older than the
 * web app's sources (so the suite never drives yesterday's build); without Chromium the suite is skipped with one
 * line (or fails under REQUIRE_SERVICES=1).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM, hasChromium } from "./support/browser.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The newest modification time under `dir` (files only). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function buildIsStale(): string | null {
  const built = join(ROOT, "web/dist/index.html");
  if (!existsSync(built)) return "web/dist is missing";
  const sources = Math.max(
    newest(join(ROOT, "web/src")),
    statSync(join(ROOT, "web/index.html")).mtimeMs,
    newest(join(ROOT, "domain/src")),
  );
  return sources > statSync(built).mtimeMs ? "web/dist is older than the web app's sources" : null;
}

export default function setup() {
  if (!hasChromium) {
    if (process.env.REQUIRE_SERVICES === "1") throw new Error(`REQUIRE_SERVICES=1 but ${CHROMIUM} is missing`);
    console.log(`[languagecloud e2e] skipped: no Chromium at ${CHROMIUM}`);
    return;
  }
  const stale = buildIsStale();
  if (stale) {
    console.log(`[languagecloud e2e] building the web app (${stale})`);
    execFileSync("npm", ["run", "build", "-w", "web"], { cwd: ROOT, stdio: "inherit" });
  }
}
