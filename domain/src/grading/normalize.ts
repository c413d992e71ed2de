/**
 * Text normalization shared by typed-answer comparison and statistics (grading.md, steps 1–3).
 * Everything here is on the hot path of right answers, so it avoids allocations it does not need.
 */

// Typographic apostrophes and quotes learners' keyboards and phones produce; all mean the plain ASCII mark.
const APOSTROPHES = /[\u2019\u2018\u02BC\u02B9\u2032\u201B`\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPACES = /\s+/g;
// Printable ASCII minus the backtick: nothing for NFKC or the typographic maps to change.
const PLAIN_ASCII = /^[\x20-\x5F\x61-\x7E]*$/;

/** Step 1: NFKC, typographic marks to ASCII, one plain space between runs, trimmed. */
export function basicNormalize(text: string): string {
  if (!PLAIN_ASCII.test(text)) {
    // Marks first: NFKC would turn the acute accent ´ into a space and a combining accent. Then again after
    // NFKC, for the full-width forms it maps to typographic ones.
    const marks = (t: string) =>
      t.replace(INVISIBLE, "").replace(APOSTROPHES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, "-");
    text = marks(marks(text).normalize("NFKC"));
  }
  return text.replace(SPACES, " ").trim();
}

export type TokenKind = "word" | "punct" | "wildcard";
export interface Token {
  text: string;
  kind: TokenKind;
}

// Apostrophes join letters ("don't", "John's"); decimal marks join digits ("3.5", "3,000"). Hyphens do not
// join: "well-known" and "well known" then differ by punctuation only, which grading.md forgives.
const TOKEN = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}\p{M}]+(?:'[\p{L}\p{N}\p{M}]+)*|\p{P}|[^\s\p{P}\p{L}\p{N}\p{M}]+/gu;

const PUNCT = /^\p{P}$/u;

/** Splits normalized text into words and punctuation marks; with `wildcards`, `*` is its own kind. */
export function tokenize(text: string, wildcards = false): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    if (wildcards && t === "*") tokens.push({ text: t, kind: "wildcard" });
    else if (t.length === 1 && PUNCT.test(t)) tokens.push({ text: t, kind: "punct" });
    else tokens.push({ text: t, kind: "word" });
  }
  // Punctuation at the ends never counts (step 3).
  let start = 0;
  let end = tokens.length;
  while (start < end && tokens[start]!.kind === "punct") start++;
  while (end > start && tokens[end - 1]!.kind === "punct") end--;
  return start === 0 && end === tokens.length ? tokens : tokens.slice(start, end);
}

const CLOSING = new Set([",", ".", "!", "?", ";", ":", ")", "]", "}", "…", "%"]);
const OPENING = new Set(["(", "[", "{", "¿", "¡"]);
const JOINING = new Set(["-", "/", "'"]);

/** Writes tokens back with conventional spacing, so equal token lists always render the same. */
export function renderTokens(tokens: readonly Token[]): string {
  let out = "";
  let glueNext = true;
  for (const tok of tokens) {
    const t = tok.text;
    const glueBefore = tok.kind === "punct" && (CLOSING.has(t) || JOINING.has(t));
    if (out && !glueNext && !glueBefore) out += " ";
    out += t;
    glueNext = tok.kind === "punct" && (OPENING.has(t) || JOINING.has(t));
  }
  return out;
}

/**
 * The text a statistics "response group" is keyed by: spacing, typography, end punctuation and spaces around
 * punctuation normalized, case folded unless the item is case-sensitive. Contractions and spellings are kept as
 * typed on purpose: "don't" and "do not" are different responses worth seeing, even if both are right.
 */
export function normalizeResponseText(text: string, options: { caseSensitive?: boolean } = {}): string {
  const rendered = renderTokens(tokenize(basicNormalize(text)));
  return options.caseSensitive ? rendered : rendered.toLowerCase();
}

/** A typed text prepared once for all comparisons of one grading. */
export interface PreparedText {
  /** Normalized but otherwise as typed. */
  text: string;
  /** Words (no punctuation), case preserved. */
  words: string[];
  /** The words joined by one space, case preserved / lower-cased. */
  keyCase: string;
  key: string;
  /** Words and inner punctuation, lower-cased: differs from another's only by punctuation if keys are equal. */
  punctKey: string;
  hasWildcard: boolean;
  tokens: Token[];
}

export function prepareText(raw: string, wildcards = false): PreparedText {
  const text = basicNormalize(raw);
  const tokens = tokenize(text, wildcards);
  const words: string[] = [];
  let hasWildcard = false;
  for (const t of tokens) {
    if (t.kind === "word") words.push(t.text);
    else if (t.kind === "wildcard") hasWildcard = true;
  }
  const keyCase = words.join(" ");
  return {
    text,
    words,
    keyCase,
    key: keyCase.toLowerCase(),
    punctKey: renderTokens(tokens).toLowerCase(),
    hasWildcard,
    tokens,
  };
}

/**
 * An ordering unit as compared (grading.md, Refinements): case and end punctuation ignored, so that an alternative
 * whose sentence-initial capital moved with its word is the same sequence.
 */
export function orderingKey(unit: string): string {
  return basicNormalize(unit)
    .replace(/[.,;:!?]+$/u, "")
    .toLowerCase();
}
