/**
 * "Same lemma, another form" (go/goes/went/gone, child/children, good/better) for the word_form category and for
 * telling typos from grammar mistakes. Built on compromise's inflection models, which work on single words without
 * running its tagger (microseconds, not milliseconds). Every guessed lemma is verified by inflecting it back, so a
 * rule cannot invent a lemma ("wan" from "want").
 */
import { BE_FORMS, samePronounFamily } from "./word-classes.ts";

type Model = unknown;
/** The part of compromise's API used here (its own types do not describe `world().methods`). */
export interface CompromiseLike {
  world(): {
    model: Model & { one: { lexicon: Record<string, unknown> } };
    methods: {
      two: {
        transform: {
          verb: {
            toInfinitive(word: string, model: Model, tense?: string): string;
            conjugate(word: string, model: Model): Record<string, string>;
          };
          noun: { toSingular(word: string, model: Model): string; toPlural(word: string, model: Model): string };
          adjective: {
            toComparative(word: string, model: Model): string;
            toSuperlative(word: string, model: Model): string;
            fromComparative(word: string, model: Model): string;
            fromSuperlative(word: string, model: Model): string;
          };
        };
      };
    };
  };
}

export interface Lemmatizer {
  /** The word itself and every verified lemma it may be a form of. */
  lemmas(word: string): ReadonlySet<string>;
  /** The inflected forms of a lemma (including itself). */
  forms(lemma: string): ReadonlySet<string>;
  /** The word is in the lemmatizer's own lexicon (a small word list, used when no dictionary is loaded). */
  knows(word: string): boolean;
}

const TENSES = [undefined, "PastTense", "PresentTense", "Gerund", "Participle"];
const CACHE_LIMIT = 50_000;

function cached<T>(fn: (w: string) => T): (w: string) => T {
  const cache = new Map<string, T>();
  return (w) => {
    let v = cache.get(w);
    if (v === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      v = fn(w);
      cache.set(w, v);
    }
    return v;
  };
}

export function createCompromiseLemmatizer(nlp: CompromiseLike): Lemmatizer {
  const world = nlp.world();
  const model = world.model;
  const { verb, noun, adjective } = world.methods.two.transform;
  const lexicon = model.one.lexicon;

  const forms = cached((lemma: string): ReadonlySet<string> => {
    const out = new Set<string>([lemma]);
    if (lemma === "be") for (const f of BE_FORMS) out.add(f);
    for (const f of Object.values(verb.conjugate(lemma, model))) if (f && !f.includes(" ")) out.add(f);
    out.add(noun.toPlural(lemma, model));
    out.add(adjective.toComparative(lemma, model));
    out.add(adjective.toSuperlative(lemma, model));
    return out;
  });

  const lemmas = cached((word: string): ReadonlySet<string> => {
    const out = new Set<string>([word]);
    if (BE_FORMS.has(word)) out.add("be");
    for (const tense of TENSES) {
      const inf = verb.toInfinitive(word, model, tense);
      if (inf && inf !== word && !inf.includes(" ") && forms(inf).has(word)) out.add(inf);
    }
    const singular = noun.toSingular(word, model);
    if (singular && singular !== word && noun.toPlural(singular, model) === word) out.add(singular);
    const fromComp = adjective.fromComparative(word, model);
    if (fromComp && fromComp !== word && adjective.toComparative(fromComp, model) === word) out.add(fromComp);
    const fromSup = adjective.fromSuperlative(word, model);
    if (fromSup && fromSup !== word && adjective.toSuperlative(fromSup, model) === word) out.add(fromSup);
    return out;
  });

  return { lemmas, forms, knows: (w) => Object.hasOwn(lexicon, w) };
}

/** Regular-rule stems of a word: what a learner may have inflected ("goed" → go, "childs" → child). */
export function regularStems(word: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (s.length >= 2) out.push(s);
  };
  const doubled = (s: string) => s.length > 2 && s.at(-1) === s.at(-2);
  for (const [suffix, alts] of [
    ["ies", ["y"]],
    ["ied", ["y"]],
    ["iest", ["y"]],
    ["ier", ["y"]],
    ["es", [""]],
    ["s", [""]],
    ["ed", ["", "e"]],
    ["ing", ["", "e"]],
    ["est", ["", "e"]],
    ["er", ["", "e"]],
  ] as const) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    for (const alt of alts) add(stem + alt);
    if (doubled(stem)) add(stem.slice(0, -1));
  }
  return out;
}

/**
 * Whether two (lower-case) words are forms of one lemma. `isWord` keeps regular-rule stems for non-words only:
 * "goed" is a form of "go", but "bed" is not a form of "be".
 */
export function sameLemma(lem: Lemmatizer | undefined, a: string, b: string, isWord: (w: string) => boolean): boolean {
  if (a === b) return true;
  if (samePronounFamily(a, b)) return true;
  // A possessive is a form of its noun ("John" for "John's", "students" for "students'").
  const bare = (w: string) => w.replace(/'s?$/, "");
  if (bare(a) === bare(b)) return true;
  if (BE_FORMS.has(a) && BE_FORMS.has(b)) return true;
  if (lem) {
    const la = lem.lemmas(a);
    const lb = lem.lemmas(b);
    for (const l of la) if (lb.has(l) || lem.forms(l).has(b)) return true;
    for (const l of lb) if (lem.forms(l).has(a)) return true;
  }
  return overregularized(lem, a, b, isWord) || overregularized(lem, b, a, isWord);
}

function overregularized(lem: Lemmatizer | undefined, made: string, real: string, isWord: (w: string) => boolean) {
  const stems = regularStems(made);
  if (!stems.length || isWord(made)) return false;
  const realLemmas = lem ? lem.lemmas(real) : new Set([real, ...regularStems(real)]);
  return stems.some((s) => realLemmas.has(s));
}
