/**
 * Derivation for the `word_form` category (grading.md, Refinements): the same root with another derivational ending
 * or word class — absolute/absolutely, convenience/convenient, technology/technological, happy/happiness.
 *
 * Why rules and not a lexicon: compromise knows inflection (go/goes) but not derivation, and the pairs learners
 * confuse are formed by a few dozen productive suffixes. Both words must be real words (the caller checks) and the
 * shared root must be long enough for its suffix, so "corner" is not a form of "corn" nor "early" of "ear".
 */

// Suffixes with the shortest root they may leave. Longer, rarer suffixes are safe on short roots (sad-ly, kind-ness);
// short ones (-y, -al, -er) need a longer root before they can be trusted.
const SUFFIXES: readonly (readonly [suffix: string, minRoot: number])[] = [
  ["ically", 4],
  ["ation", 4],
  ["ition", 4],
  ["ment", 3],
  ["ness", 3],
  ["less", 4],
  ["ful", 3],
  ["fully", 3],
  ["ity", 4],
  ["ily", 3],
  ["ly", 3],
  ["ical", 4],
  ["ence", 4],
  ["ance", 4],
  ["ency", 4],
  ["ancy", 4],
  ["ent", 4],
  ["ant", 4],
  ["sion", 4],
  ["ary", 4],
  ["ion", 4],
  ["ive", 4],
  ["ous", 4],
  ["able", 4],
  ["ible", 4],
  ["ise", 5],
  ["ize", 5],
  ["ist", 5],
  ["ism", 5],
  ["ic", 5],
  ["al", 5],
  ["er", 5],
  ["or", 5],
  ["y", 5],
];

// Words that end like a derivation but are not one ("early" is not ear + -ly).
const NOT_DERIVED = new Set([
  "early",
  "only",
  "family",
  "reply",
  "supply",
  "apply",
  "imply",
  "rely",
  "ally",
  "belly",
  "bully",
  "jelly",
  "silly",
  "ugly",
  "holy",
  "lily",
  "rally",
  "italy",
  "july",
  "butter",
  "letter",
  "litter",
  "corner",
  "never",
  "water",
  "mission",
  "pension",
  "mansion",
  "version",
  "session",
  "tension",
  "present",
  "moment",
]);

const rootsCache = new Map<string, ReadonlySet<string>>();

/** The roots a word may be built on, with the spelling changes suffixes cause (happi-ness → happy, -e dropped). */
export function derivationalRoots(word: string): ReadonlySet<string> {
  let roots = rootsCache.get(word);
  if (!roots) {
    // Wrong answers repeat the same words; the cache keeps classification as cheap as it was before derivation.
    if (rootsCache.size > 20_000) rootsCache.clear();
    roots = computeRoots(word);
    rootsCache.set(word, roots);
  }
  return roots;
}

function computeRoots(word: string): Set<string> {
  const out = new Set<string>([word]);
  const add = (root: string) => {
    out.add(root);
    if (root.endsWith("i")) out.add(`${root.slice(0, -1)}y`);
    if (root.length > 3 && root.at(-1) === root.at(-2)) out.add(root.slice(0, -1));
    out.add(`${root}e`);
  };
  for (const [suffix, minRoot] of SUFFIXES) {
    if (!word.endsWith(suffix) || NOT_DERIVED.has(word)) continue;
    const root = word.slice(0, -suffix.length);
    if (root.length < minRoot) continue;
    add(root);
    // decide → decision, conclude → conclusion, persuade → persuasion.
    if (suffix === "sion") add(`${root}d`);
  }
  // A final -e or -y belongs to the root's spelling, not to a suffix: absolute → absolut, technology → technolog.
  if (word.length > 4 && (word.endsWith("e") || word.endsWith("y"))) out.add(word.slice(0, -1));
  return out;
}

/** Two different real words on one root: a derivational `word_form` mistake. */
export function sameRoot(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la === lb || la.length < 3 || lb.length < 3) return false;
  const rb = derivationalRoots(lb);
  for (const r of derivationalRoots(la)) if (r.length >= 3 && rb.has(r)) return true;
  return false;
}

// British noun/verb spellings of one root: "practise" for the noun "practice" is a word-form mistake, not a variant.
const NOUN_VERB = new Map([
  ["practise", "practice"],
  ["licence", "license"],
  ["advise", "advice"],
  ["devise", "device"],
  ["prophesy", "prophecy"],
]);

/** One of the British noun/verb pairs, in either order (their inflected forms are not covered). */
export function isNounVerbPair(a: string, b: string): boolean {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return NOUN_VERB.get(la) === lb || NOUN_VERB.get(lb) === la;
}
