/** Word-by-word alignment of a response with an accepted answer (fewest word edits). */

export type AlignOp =
  | { op: "equal" | "sub"; expected: string; actual: string }
  | { op: "del"; expected: string }
  | { op: "ins"; actual: string };

export interface Alignment {
  cost: number;
  ops: AlignOp[];
}

/**
 * Weighted Levenshtein over words. `subCost` is 0 for words that count as equal, below 1 for related words
 * (so that "He go" pairs "go" with "goes" rather than deleting one and inserting the other), 1 otherwise;
 * inserting or deleting a word costs 1.
 */
export function alignWords(
  expected: readonly string[],
  actual: readonly string[],
  subCost: (expected: string, actual: string) => number,
): Alignment {
  const n = expected.length;
  const m = actual.length;
  const w = m + 1;
  const dp = new Float64Array((n + 1) * w);
  const sub = new Float64Array((n + 1) * w);
  for (let i = 0; i <= n; i++) dp[i * w] = i;
  for (let j = 0; j <= m; j++) dp[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const c = subCost(expected[i - 1]!, actual[j - 1]!);
      sub[i * w + j] = c;
      dp[i * w + j] = Math.min(dp[(i - 1) * w + j - 1]! + c, dp[(i - 1) * w + j]! + 1, dp[i * w + j - 1]! + 1);
    }
  }
  const ops: AlignOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = dp[i * w + j]!;
    if (i > 0 && j > 0 && Math.abs(here - (dp[(i - 1) * w + j - 1]! + sub[i * w + j]!)) < 1e-9) {
      const c = sub[i * w + j]!;
      ops.push({ op: c === 0 ? "equal" : "sub", expected: expected[i - 1]!, actual: actual[j - 1]! });
      i--;
      j--;
    } else if (i > 0 && Math.abs(here - (dp[(i - 1) * w + j]! + 1)) < 1e-9) {
      ops.push({ op: "del", expected: expected[i - 1]! });
      i--;
    } else {
      ops.push({ op: "ins", actual: actual[j - 1]! });
      j--;
    }
  }
  ops.reverse();
  return { cost: dp[n * w + m]!, ops };
}
