/**
 * The browser tests need the built web app and a Chromium. Builds web/dist when it is missing; without Chromium
 * the suite is skipped with one line (or fails under REQUIRE_SERVICES=1).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM, hasChromium } from "./support/browser.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export default function setup() {
  if (!hasChromium) {
    if (process.env.REQUIRE_SERVICES === "1") throw new Error(`REQUIRE_SERVICES=1 but ${CHROMIUM} is missing`);
    console.log(`[languagecloud e2e] skipped: no Chromium at ${CHROMIUM}`);
    return;
  }
  if (!existsSync(join(ROOT, "web/dist/index.html"))) {
    console.log("[languagecloud e2e] building the web app (web/dist is missing)");
    execFileSync("npm", ["run", "build", "-w", "web"], { cwd: ROOT, stdio: "inherit" });
  }
}
