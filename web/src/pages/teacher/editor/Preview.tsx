import type { ItemResultDto, Response, StudentItem } from "@languagecloud/domain";
import { useEffect, useMemo, useState } from "react";
import { ItemView } from "../../../player/ItemView.tsx";
import type { Draft } from "./draft.ts";
import { parseDraftItem, previewStudentItem } from "./preview-item.ts";
import { loadPreviewGrader } from "./previewGrading.ts";

/**
 * The item as a student sees it — the domain's own student view (seeded shuffle, answers stripped) — with a
 * "Check" that grades the sample answer with the domain's grader, exactly as the server does.
 */
export function Preview({ item }: { item: Draft }) {
  const [response, setResponse] = useState<Response | undefined>(undefined);
  const [result, setResult] = useState<ItemResultDto | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(item);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the item's content
  const parsed = useMemo(() => parseDraftItem(item), [key]);
  const student: StudentItem | null = "item" in parsed ? previewStudentItem(parsed.item) : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the item changes
  useEffect(() => {
    setResult(undefined);
    setError(null);
  }, [key]);

  async function check() {
    if (!("item" in parsed)) return;
    setBusy(true);
    setError(null);
    try {
      const grade = await loadPreviewGrader();
      setResult(grade(parsed.item, response ?? {}));
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
      {student ? (
        <>
          <p className="hint">Answer as a student would, then check how it is graded.</p>
          <ItemView item={student} number={null} response={response} onChange={setResponse} result={result} />
          {item.type !== "description" ? (
            <button type="button" onClick={check} disabled={busy}>
              {busy ? "Checking…" : "Check this answer"}
            </button>
          ) : null}
        </>
      ) : (
        <p className="hint">
          The preview appears once the item is complete enough to show. {"problem" in parsed ? parsed.problem : ""}
        </p>
      )}
      {error ? (
        <p className="form-alert" role="alert">
          Cannot grade: {error}
        </p>
      ) : null}
    </section>
  );
}
