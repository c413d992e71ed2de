/**
 * The English knowledge wrong answers need: is this a real word, are these two forms of one lemma.
 *
 * Why this shape: `grade()` must stay synchronous and cost microseconds for right answers, run in Node and in the
 * browser (the editor's live preview), and load the big resources (compromise ≈ 200 ms, the Hunspell dictionary)
 * only when a wrong answer needs them. So:
 * - in Node, the first wrong answer loads compromise, nspell and dictionary-en synchronously through
 *   `process.getBuiltinModule` (node-tools.ts). That file has no static Node import, so bundlers see nothing to
 *   resolve and the browser never executes it;
 * - in the browser, `preloadLanguageTools()` imports compromise lazily (its own chunk) and uses its lexicon as the
 *   word list; until then a rule-based fallback applies (real-word confusions may then pass as typos);
 * - anyone can inject their own tools with `setLanguageTools()` (tests, a fetched word list).
 */
import { type CompromiseLike, createCompromiseLemmatizer, type Lemmatizer, sameLemma } from "./lemmas.ts";
import { loadNodeResources } from "./node-tools.ts";
import { BRITISH_DISTINCT_WORDS, toAmerican } from "./spelling-variants.ts";

export interface WordChecker {
  /** A real English word (British and American spellings both count), in any case. */
  isWord(word: string): boolean;
}

export interface LanguageTools extends WordChecker {
  /** Two words are forms of one lemma: go/goes/went/gone, child/children, good/better, I/me. */
  sameLemma(a: string, b: string): boolean;
  /** Where the knowledge comes from, for diagnostics: "hunspell", "compromise" or "rules". */
  readonly source: string;
}

/** Combines a lemmatizer with a word checker (a dictionary); without one, the lemmatizer's lexicon is the list. */
export function createLanguageTools(lemmatizer: Lemmatizer | undefined, dictionary?: WordChecker): LanguageTools {
  const known = (w: string): boolean => {
    if (dictionary) return dictionary.isWord(w);
    if (!lemmatizer) return false;
    if (lemmatizer.knows(w)) return true;
    for (const l of lemmatizer.lemmas(w)) if (l !== w && lemmatizer.knows(l)) return true;
    return false;
  };
  const cache = new Map<string, boolean>();
  const isWord = (word: string): boolean => {
    let v = cache.get(word);
    if (v === undefined) {
      const lower = word.toLowerCase();
      const american = toAmerican(lower);
      v =
        BRITISH_DISTINCT_WORDS.has(lower) ||
        known(word) ||
        known(lower) ||
        known(lower.charAt(0).toUpperCase() + lower.slice(1)) ||
        (american !== lower && known(american));
      if (cache.size > 50_000) cache.clear();
      cache.set(word, v);
    }
    return v;
  };
  return {
    isWord,
    sameLemma: (a, b) => sameLemma(lemmatizer, a.toLowerCase(), b.toLowerCase(), isWord),
    source: dictionary ? "hunspell" : lemmatizer ? "compromise" : "rules",
  };
}

const RULES_ONLY = createLanguageTools(undefined);
let installed: LanguageTools | undefined;
let nodeTried = false;

/** Installs tools for every later grading (undefined: back to the lazy default). */
export function setLanguageTools(tools: LanguageTools | undefined): void {
  installed = tools;
  nodeTried = false;
}

/** The tools for a wrong answer; the first call in Node loads them (once). */
export function getLanguageTools(): LanguageTools {
  if (installed) return installed;
  if (!nodeTried) {
    nodeTried = true;
    const node = loadNodeResources();
    if (node) return (installed = createLanguageTools(node.lemmatizer, node.dictionary));
  }
  return RULES_ONLY;
}

/** For the browser: loads compromise in the background so that the preview explains mistakes like the server. */
export async function preloadLanguageTools(): Promise<LanguageTools> {
  const current = getLanguageTools();
  if (current !== RULES_ONLY) return current;
  const mod = (await import("compromise")) as unknown as { default: CompromiseLike };
  installed ??= createLanguageTools(createCompromiseLemmatizer(mod.default));
  return installed;
}
