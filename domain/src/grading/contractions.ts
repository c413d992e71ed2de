/**
 * Contractions equal their full forms both ways (grading.md step 4). Both sides are expanded to full forms;
 * an ambiguous contraction ('d, 's) becomes one token that stands for either reading, so "he'd gone" equals
 * "he had gone" and "he'd go" equals "he would go" without guessing the grammar.
 */

/** Prefix of a token that stands for several full forms, e.g. "\u0001would|had". */
const AMBIGUOUS = "\u0001";
const WOULD_HAD = `${AMBIGUOUS}would|had`;
const IS_HAS = `${AMBIGUOUS}is|has`;

// 's after these is "is"/"has"; after anything else it is a possessive and stays as typed.
const S_SUBJECTS = new Set([
  "he",
  "she",
  "it",
  "that",
  "this",
  "there",
  "here",
  "what",
  "who",
  "where",
  "how",
  "when",
  "why",
  "everyone",
  "everybody",
  "someone",
  "somebody",
  "nobody",
  "something",
  "everything",
  "nothing",
]);

const NOT_BASES: Record<string, string> = { ca: "can", wo: "will", sha: "shall" };
const SIMPLE_ENDINGS: Record<string, string> = { "'m": "am", "'re": "are", "'ve": "have", "'ll": "will" };

/** Keeps a sentence-initial capital on the first part of an expansion ("Can't" → "Can not"). */
function likeCase(model: string, word: string): string {
  const c = model.charAt(0);
  return c !== c.toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/** Whether any word may need expanding: the common case (none) then costs one scan. */
export function mayContract(words: readonly string[]): boolean {
  for (const w of words) {
    if (w.includes("'")) return true;
    if (w.length === 6 && w.toLowerCase() === "cannot") return true;
  }
  return false;
}

/** The words with every contraction replaced by its full form(s). */
export function expandContractions(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const lw = w.toLowerCase();
    if (lw === "cannot") {
      out.push(w.slice(0, 3), "not");
      continue;
    }
    const apos = lw.lastIndexOf("'");
    if (apos <= 0) {
      out.push(w);
      continue;
    }
    const ending = lw.slice(apos);
    if (ending === "'t" && lw.endsWith("n't") && lw.length > 3) {
      const base = lw.slice(0, -3);
      if (base === "ai")
        out.push(w); // "ain't" has no single full form
      else out.push(likeCase(w, NOT_BASES[base] ?? base), "not");
      continue;
    }
    const full = SIMPLE_ENDINGS[ending];
    if (full) {
      out.push(w.slice(0, apos), full);
      continue;
    }
    if (ending === "'d") {
      out.push(w.slice(0, apos), WOULD_HAD);
      continue;
    }
    if (ending === "'s") {
      const base = lw.slice(0, apos);
      if (base === "let") out.push(w.slice(0, apos), "us");
      else if (S_SUBJECTS.has(base)) out.push(w.slice(0, apos), IS_HAS);
      else out.push(w);
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Token equality that understands ambiguous contraction tokens. */
export function tokenEquals(a: string, b: string): boolean {
  if (a === b) return true;
  const aAmb = a.charCodeAt(0) === 1;
  const bAmb = b.charCodeAt(0) === 1;
  if (aAmb && !bAmb) return a.slice(1).split("|").includes(b.toLowerCase());
  if (bAmb && !aAmb) return b.slice(1).split("|").includes(a.toLowerCase());
  return false;
}

/** A token as a learner would read it (ambiguous tokens show their first reading). */
export function displayToken(t: string): string {
  return t.charCodeAt(0) === 1 ? (t.slice(1).split("|")[0] as string) : t;
}

export function wordsEqual(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!tokenEquals(a[i]!, b[i]!)) return false;
  return true;
}
