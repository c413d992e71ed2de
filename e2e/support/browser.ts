/** The system's Chromium driven by playwright-core, plus the checks every page gets (axe-core, screenshots). */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AxeResults } from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");
export const SCREENSHOTS = join(ROOT, "e2e/screenshots");

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page; returns the serious and critical violations (empty when the page passes). */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // axe is injected at run time by the script tag above.
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
    }));
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A readable summary for an assertion message. */
export function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}`).join("\n")}`)
    .join("\n");
}

let counter = 0;
/** Saves a full-page screenshot under e2e/screenshots/ (gitignored), numbered in the order of the steps. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  counter++;
  await page.screenshot({ path: join(SCREENSHOTS, `${String(counter).padStart(2, "0")}-${name}.png`), fullPage: true });
}

export const DOCS_SCREENSHOTS = join(ROOT, "docs/screenshots");

/** With DOCS_SCREENSHOTS=1, saves the README's picture (what the viewport shows) to docs/screenshots/. */
export async function docShot(page: Page, name: string): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS !== "1") return;
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(DOCS_SCREENSHOTS, `${name}.png`) });
}

/** Horizontal overflow: the document's scroll width beyond the viewport width. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
