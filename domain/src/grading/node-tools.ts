/**
 * Node-only loading of the dictionaries, kept free of static `node:` imports: builtins come from
 * `process.getBuiltinModule` (Node ≥ 20.16) at call time, so a browser bundle can include this file harmlessly and
 * gets `undefined` from it. Loading is synchronous so that `grade()` can stay synchronous.
 */
import { type CompromiseLike, createCompromiseLemmatizer, type Lemmatizer } from "./lemmas.ts";

interface NodeRequire {
  (id: string): unknown;
  resolve(id: string): string;
}
type Spell = { correct(word: string): boolean };
type NspellFactory = (dictionary: { aff: Uint8Array; dic: Uint8Array }) => Spell;

export interface NodeResources {
  lemmatizer: Lemmatizer;
  dictionary: { isWord(word: string): boolean } | undefined;
}

export function loadNodeResources(): NodeResources | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== "function") return undefined;
  try {
    const { createRequire } = proc.getBuiltinModule("node:module") as {
      createRequire(from: string): NodeRequire;
    };
    const fs = proc.getBuiltinModule("node:fs") as { readFileSync(path: string): Uint8Array };
    const path = proc.getBuiltinModule("node:path") as {
      dirname(p: string): string;
      join(...p: string[]): string;
    };
    const require = createRequire(import.meta.url);
    const nlp = require("compromise") as CompromiseLike;
    const lemmatizer = createCompromiseLemmatizer(nlp);
    let spell: Spell | undefined;
    try {
      const nspell = require("nspell") as NspellFactory;
      const dir = path.dirname(require.resolve("dictionary-en"));
      spell = nspell({
        aff: fs.readFileSync(path.join(dir, "index.aff")),
        dic: fs.readFileSync(path.join(dir, "index.dic")),
      });
    } catch {
      spell = undefined; // no dictionary installed: compromise's lexicon serves as the word list
    }
    const dictionary = spell ? { isWord: (w: string) => (spell as Spell).correct(w) } : undefined;
    return { lemmatizer, dictionary };
  } catch {
    return undefined;
  }
}
