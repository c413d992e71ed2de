/**
 * Closed word classes the error categories need (grading.md, "Error categories" and "Refinements": the whole closed
 * class of prepositions, single and multi-word). Words that are prepositions only in rare uses ("but", "than",
 * "worth", "given") are left out: learners who confuse them are making another kind of mistake.
 */

export const ARTICLES = new Set(["a", "an", "the"]);

export const PREPOSITIONS = new Set([
  "aboard",
  "about",
  "above",
  "across",
  "after",
  "against",
  "along",
  "alongside",
  "amid",
  "amidst",
  "among",
  "amongst",
  "around",
  "as",
  "astride",
  "at",
  "atop",
  "barring",
  "before",
  "behind",
  "below",
  "beneath",
  "beside",
  "besides",
  "between",
  "beyond",
  "by",
  "circa",
  "concerning",
  "despite",
  "down",
  "during",
  "except",
  "excepting",
  "excluding",
  "for",
  "from",
  "in",
  "including",
  "inside",
  "into",
  "like",
  "near",
  "notwithstanding",
  "of",
  "off",
  "on",
  "onto",
  "opposite",
  "out",
  "outside",
  "over",
  "past",
  "per",
  "regarding",
  "since",
  "through",
  "throughout",
  "till",
  "to",
  "toward",
  "towards",
  "under",
  "underneath",
  "unlike",
  "until",
  "unto",
  "up",
  "upon",
  "versus",
  "via",
  "with",
  "within",
  "without",
]);

/** Multi-word prepositions: one preposition each ("in front of" for "behind" is one `preposition` error). */
export const MULTI_WORD_PREPOSITIONS = new Set([
  "according to",
  "ahead of",
  "along with",
  "apart from",
  "as for",
  "as of",
  "as opposed to",
  "as to",
  "as well as",
  "aside from",
  "away from",
  "because of",
  "by means of",
  "by way of",
  "close to",
  "due to",
  "except for",
  "far from",
  "in accordance with",
  "in addition to",
  "in case of",
  "in charge of",
  "in favour of",
  "in favor of",
  "in front of",
  "in place of",
  "in relation to",
  "in spite of",
  "in terms of",
  "inside of",
  "instead of",
  "near to",
  "next to",
  "on account of",
  "on behalf of",
  "on top of",
  "out of",
  "outside of",
  "owing to",
  "prior to",
  "regardless of",
  "subsequent to",
  "thanks to",
  "together with",
  "up to",
  "with regard to",
  "with respect to",
]);

// Case forms of one pronoun are forms of one "lemma" for feedback: "me" for "I" is a word_form error.
const PRONOUN_FAMILIES = [
  ["i", "me", "my", "mine", "myself"],
  ["you", "your", "yours", "yourself", "yourselves"],
  ["he", "him", "his", "himself"],
  ["she", "her", "hers", "herself"],
  ["it", "its", "itself"],
  ["we", "us", "our", "ours", "ourselves"],
  ["they", "them", "their", "theirs", "themselves"],
  ["who", "whom", "whose"],
  ["this", "these"],
  ["that", "those"],
];
const PRONOUN_FAMILY = new Map<string, number>();
PRONOUN_FAMILIES.forEach((family, i) => {
  for (const w of family) PRONOUN_FAMILY.set(w, i);
});

export function samePronounFamily(a: string, b: string): boolean {
  const fa = PRONOUN_FAMILY.get(a);
  return fa !== undefined && fa === PRONOUN_FAMILY.get(b);
}

export const BE_FORMS = new Set(["be", "am", "is", "are", "was", "were", "been", "being"]);

export function isArticle(word: string): boolean {
  return ARTICLES.has(word.toLowerCase());
}

export function isPreposition(word: string): boolean {
  return PREPOSITIONS.has(word.toLowerCase());
}

/** The words multi-word prepositions end with ("of", "to", "from"…): a cheap test before trying to merge a phrase. */
export const MULTI_WORD_PREPOSITION_ENDS: ReadonlySet<string> = new Set(
  [...MULTI_WORD_PREPOSITIONS].map((p) => p.slice(p.lastIndexOf(" ") + 1)),
);

const MULTI_WORD_PREPOSITION_STARTS: ReadonlySet<string> = new Set(
  [...MULTI_WORD_PREPOSITIONS].map((p) => p.slice(0, p.indexOf(" "))),
);

/** A single or multi-word preposition, given as its words (any case). */
export function isPrepositionPhrase(words: readonly string[]): boolean {
  if (words.length === 1) return isPreposition(words[0]!);
  if (words.length < 2 || !MULTI_WORD_PREPOSITION_STARTS.has(words[0]!.toLowerCase())) return false;
  return MULTI_WORD_PREPOSITIONS.has(words.join(" ").toLowerCase());
}
