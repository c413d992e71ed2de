import type { ItemResultDto, Response } from "@languagecloud/domain";
import { useEffect, useState } from "react";
import { ItemView } from "../../../player/ItemView.tsx";
import type { Draft } from "./draft.ts";
import { toStudentItem } from "./studentView.ts";

type GradeFn = (item: unknown, response: unknown) => ItemResultDto;

// The grading engine (and its dictionary) is loaded only when a teacher checks an answer. A glob import keeps the
// build working whether or not the module exists yet.
const gradingModules = import.meta.glob<{ grade?: GradeFn; preloadLanguageTools?: () => Promise<unknown> }>(
  "../../../../../domain/src/grading/index.ts",
);

async function loadGrader(): Promise<{ grade: GradeFn; parse: (item: Draft) => unknown }> {
  const loader = Object.values(gradingModules)[0];
  if (!loader) throw new Error("The grading engine is not available in this build.");
  const [mod, schema] = await Promise.all([loader(), import("@languagecloud/domain/content/schema")]);
  if (!mod.grade) throw new Error("The grading engine has no grade() function.");
  // Loads the English lexicon (its own chunk) so the preview explains mistakes as the server does.
  await mod.preloadLanguageTools?.().catch(() => undefined);
  return {
    grade: mod.grade,
    parse: (item) => {
      const parsed = schema.itemSchema.parse(item);
      return schema.normalizeExercise({ title: "preview", skills: [], tags: [], items: [parsed] }).items[0];
    },
  };
}

/** The item as a student sees it, with a "Check" that grades the sample answer like the server does. */
export function Preview({ item }: { item: Draft }) {
  const [response, setResponse] = useState<Response | undefined>(undefined);
  const [result, setResult] = useState<ItemResultDto | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const student = toStudentItem(item);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the item changes
  useEffect(() => {
    setResult(undefined);
    setError(null);
  }, [JSON.stringify(item)]);

  async function check() {
    setBusy(true);
    setError(null);
    try {
      const { grade, parse } = await loadGrader();
      setResult(grade(parse(item), response ?? {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <p className="hint">Answer as a student would, then check how it is graded.</p>
      <ItemView item={student} number={null} response={response} onChange={setResponse} result={result} />
      {item.type !== "description" ? (
        <button type="button" onClick={check} disabled={busy}>
          {busy ? "Checking…" : "Check this answer"}
        </button>
      ) : null}
      {error ? (
        <p className="form-alert" role="alert">
          Cannot grade: {error}
        </p>
      ) : null}
    </section>
  );
}
