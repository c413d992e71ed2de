/**
 * The preview grades with the server's own code path: the domain's `grade()` and the same English knowledge the
 * server loads (compromise for lemmas, the Hunspell dictionary from dictionary-en for "is this a real word"). With
 * compromise's lexicon alone, "Leds" counted as a real word ("Wrong word") where the server saw a typo of "Leeds".
 * Everything here loads only when a teacher first checks an answer (its own chunks).
 */
import type { Item, ItemResultDto, Response } from "@languagecloud/domain";

let ready: Promise<(item: Item, response: Response) => ItemResultDto> | undefined;

async function load() {
  const [grading, compromise, nspell, aff, dic] = await Promise.all([
    import("@languagecloud/domain/grading/index"),
    import("compromise"),
    import("nspell"),
    // The package exports only its Node entry (which reads these files with fs): the files are taken as text.
    import("../../../../../node_modules/dictionary-en/index.aff?raw"),
    import("../../../../../node_modules/dictionary-en/index.dic?raw"),
  ]);
  const lemmatizer = grading.createCompromiseLemmatizer(compromise.default as never);
  const spell = (nspell.default as unknown as (d: { aff: string; dic: string }) => { correct(w: string): boolean })({
    aff: aff.default,
    dic: dic.default,
  });
  grading.setLanguageTools(grading.createLanguageTools(lemmatizer, { isWord: (w) => spell.correct(w) }));
  return (item: Item, response: Response) => grading.grade(item, response) as ItemResultDto;
}

/** The grader, loaded once. */
export function loadPreviewGrader(): Promise<(item: Item, response: Response) => ItemResultDto> {
  ready ??= load().catch((e) => {
    ready = undefined;
    throw e;
  });
  return ready;
}
