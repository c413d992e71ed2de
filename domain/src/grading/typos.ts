/** Edit distance and the typo allowance of grading.md ("Typos"). */

/**
 * Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two neighbours).
 * Stops early and returns `max + 1` once the distance must exceed `max`, which keeps wrong answers cheap.
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m]!;
}

const LETTER = /\p{L}/u;

export function letterCount(word: string): number {
  let n = 0;
  for (const ch of word) if (LETTER.test(ch)) n++;
  return n;
}

/** Edits a typo may make in a word of this many letters: none up to 3, one for 4–9, two from 10. */
export function typoAllowance(expectedWord: string): number {
  const n = letterCount(expectedWord);
  return n <= 3 ? 0 : n <= 9 ? 1 : 2;
}

/** "Close" for the spelling category: within 2 edits, or a third of the expected word's length. */
export function isCloseMisspelling(expected: string, actual: string): boolean {
  const limit = Math.max(2, Math.floor(letterCount(expected) / 3));
  return damerauLevenshtein(expected, actual, limit) <= limit;
}
