/** Support of the differential tests against R: Rscript on data lines, the largest difference seen, seeded data. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs an R script on data lines through `Rscript` (test support for the differential tests). The script reads
 * the file named by its first argument and prints one line of numbers per data line ("NA" where R has none).
 */
export function runR(script: string, lines: readonly string[]): number[][] {
  const dir = mkdtempSync(join(tmpdir(), "lc-r-"));
  try {
    const data = join(dir, "data.txt");
    const code = join(dir, "script.R");
    writeFileSync(data, `${lines.join("\n")}\n`);
    writeFileSync(code, script);
    const run = spawnSync("Rscript", ["--vanilla", code, data], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    return run.stdout
      .trim()
      .split("\n")
      .map((line) =>
        line
          .trim()
          .split(/\s+/)
          .map((v) => (v === "NA" || v === "NaN" ? Number.NaN : Number(v))),
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether Rscript runs here; under REQUIRE_SERVICES=1 its absence is an error, not a skip. */
export function rAvailable(): boolean {
  const probe = spawnSync("Rscript", ["--version"], { encoding: "utf8" });
  const ok = probe.status === 0;
  if (!ok && process.env.REQUIRE_SERVICES === "1") throw new Error("REQUIRE_SERVICES=1 but Rscript is missing");
  if (!ok) console.warn("[skip] Rscript not found: the differential tests against R are skipped");
  return ok;
}

/** The largest difference seen, relative to the reference's size when that is above 1. */
export class DifferenceTracker {
  largest = 0;
  where = "";
  compare(ours: number | null | undefined, reference: number, label: string): void {
    if (ours === null || ours === undefined || Number.isNaN(reference)) {
      if (!((ours === null || ours === undefined || Number.isNaN(ours)) && Number.isNaN(reference))) {
        throw new Error(`${label}: ours ${ours}, R ${reference}`);
      }
      return;
    }
    if (!Number.isFinite(reference) && ours === reference) return;
    const diff = Math.abs(ours - reference) / Math.max(1, Math.abs(reference));
    if (!(diff <= this.largest)) {
      this.largest = diff;
      this.where = label;
    }
  }
}

/** A small seeded generator (mulberry32) so every run tests the same data sets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
