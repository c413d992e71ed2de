/** Test helpers: a seeded generator, simulated Rasch data, the LSAT data sets, and eRm run through Rscript. */
import { spawnSync } from "node:child_process";
import type { RaschResponse } from "./calibrate.ts";

/** Mulberry32: small, seeded, good enough for simulations. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Responses simulated from the Rasch model; `present(s, i)` says which cells were answered. */
export function simulate(
  rand: () => number,
  abilities: number[],
  difficulties: number[],
  present: (s: number, i: number) => boolean = () => true,
): RaschResponse[][] {
  return abilities.map((t, s) =>
    difficulties.map((b, i) => (present(s, i) ? (rand() < 1 / (1 + Math.exp(b - t)) ? 1 : 0) : null)),
  );
}

/**
 * LSAT sections 6 and 7: frequencies of the 32 response patterns of 1000 examinees on 5 items, from
 * Bock, R. D. & Lieberman, M. (1970), Fitting a response model for n dichotomously scored items,
 * Psychometrika 35, 179–197 (the table the R packages ltm, mirt and psych reproduce as LSAT / LSAT7 / bock.table).
 * Patterns run 00000, 00001, …, 11111 (item 1 the leftmost digit).
 */
export const LSAT6_FREQUENCIES = [
  3, 6, 2, 11, 1, 1, 3, 4, 1, 8, 0, 16, 0, 3, 2, 15, 10, 29, 14, 81, 3, 28, 15, 80, 16, 56, 21, 173, 11, 61, 28, 298,
];
export const LSAT7_FREQUENCIES = [
  12, 19, 1, 7, 3, 19, 3, 17, 10, 5, 3, 7, 7, 23, 8, 28, 7, 39, 11, 34, 14, 51, 15, 90, 6, 25, 7, 35, 18, 136, 32, 308,
];

export function expandPatterns(frequencies: number[], items: number): RaschResponse[][] {
  const rows: RaschResponse[][] = [];
  frequencies.forEach((n, p) => {
    const row = Array.from({ length: items }, (_, i) => ((p >> (items - 1 - i)) & 1) as 0 | 1);
    for (let k = 0; k < n; k++) rows.push(row);
  });
  return rows;
}

export function hasRscriptWithErm(): boolean {
  const r = spawnSync("Rscript", ["-e", "suppressPackageStartupMessages(library(eRm)); library(jsonlite)"], {
    encoding: "utf8",
  });
  return r.status === 0;
}

export interface ErmFit {
  /** Item difficulties −betapar, named by column index (items eRm left out are missing). */
  difficulty: Record<number, number>;
  se: Record<number, number>;
}

/** eRm::RM on each matrix (NA for unanswered), in one R process. */
export function ermRasch(matrices: RaschResponse[][][]): ErmFit[] {
  const input = JSON.stringify(matrices.map((m) => m.map((row) => row.map((x) => (x == null ? "NA" : x)))));
  const script = `
suppressPackageStartupMessages({ library(eRm); library(jsonlite) })
ms <- fromJSON(file("stdin"), simplifyVector = FALSE)
out <- lapply(ms, function(m) {
  X <- do.call(rbind, lapply(m, function(row) as.numeric(sapply(row, function(v) if (identical(v, "NA")) NA else v))))
  colnames(X) <- paste0("c", seq_len(ncol(X)) - 1)
  fit <- suppressWarnings(RM(X))
  keep <- sub("^beta ", "", names(fit$betapar))
  list(item = as.integer(sub("^c", "", keep)), difficulty = unname(-fit$betapar), se = unname(fit$se.beta))
})
cat(toJSON(out, digits = NA))
`;
  const r = spawnSync("Rscript", ["-e", script], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { item: number[]; difficulty: number[]; se: number[] }[];
  return parsed.map((f) => {
    const difficulty: Record<number, number> = {};
    const se: Record<number, number> = {};
    f.item.forEach((i, k) => {
      difficulty[i] = f.difficulty[k]!;
      se[i] = f.se[k]!;
    });
    return { difficulty, se };
  });
}
