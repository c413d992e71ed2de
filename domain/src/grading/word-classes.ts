/** Closed word classes the error categories need (grading.md, "Error categories"). */

export const ARTICLES = new Set(["a", "an", "the"]);

export const PREPOSITIONS = new Set([
  "about",
  "above",
  "across",
  "after",
  "against",
  "along",
  "among",
  "around",
  "as",
  "at",
  "before",
  "behind",
  "below",
  "beneath",
  "beside",
  "besides",
  "between",
  "beyond",
  "by",
  "despite",
  "down",
  "during",
  "except",
  "for",
  "from",
  "in",
  "inside",
  "into",
  "like",
  "near",
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
  "since",
  "through",
  "throughout",
  "till",
  "to",
  "toward",
  "towards",
  "under",
  "underneath",
  "until",
  "up",
  "upon",
  "with",
  "within",
  "without",
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
