import type { ExerciseDto, ItemType } from "@languagecloud/domain";
import { issueInWords, pathInWords } from "@languagecloud/domain/content/field-names";
import { publishProblems } from "@languagecloud/domain/content/publishable";
import { exerciseSchema, ITEM_TYPES, LEVELS, SKILLS } from "@languagecloud/domain/content/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ApiError, api, errorMessage, fieldName } from "../../api/client.ts";
import { Checkbox, Field, Select, TextArea } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { QueryState } from "../../components/states.tsx";
import { clearNavigationGuard, Link, navigate, setNavigationGuard } from "../../router.tsx";
import { type Draft, type ExerciseDraft, emptyExercise, fromDto, pathKey, str, toPayload } from "./editor/draft.ts";
import { ItemEditor } from "./editor/ItemEditor.tsx";
import { newItem, TYPE_LABELS } from "./editor/items/index.ts";
import { Preview } from "./editor/Preview.tsx";
import { MediaPicker } from "./MediaPicker.tsx";

/** A message for the editor that mounts next: saving a new exercise moves to its own address (a new page). */
let flashStatus = "";

function EditorForm({ orgId, exercise }: { orgId: string; exercise: ExerciseDto | null }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<ExerciseDraft>(() =>
    exercise ? fromDto(exercise as unknown as Record<string, unknown>) : emptyExercise(),
  );
  const [selected, setSelected] = useState(0);
  const [addType, setAddType] = useState<ItemType>("multiple_choice");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>(() => {
    const s = flashStatus;
    flashStatus = "";
    return s;
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ExerciseDraft>) => setDraft((d) => ({ ...d, ...patch }));
  // What the server has: leaving with anything else asks first (in-app links, Back and Forward, closing the tab).
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(toPayload(draft)));
  const dirty = JSON.stringify(toPayload(draft)) !== savedJson;
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    const unguard = setNavigationGuard(() => window.confirm("Leave the editor? Your unsaved changes will be lost."));
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      unguard();
    };
  }, [dirty]);
  const setItem = (i: number, item: Draft) => set({ items: draft.items.map((it, j) => (j === i ? item : it)) });
  const current = draft.items[selected];

  /** Schema problems in words, keyed by path ("items.2.pairs.0.left"); empty when the draft can be saved. */
  function schemaErrors(d: ExerciseDraft): Record<string, string> {
    const r = exerciseSchema.safeParse(toPayload(d));
    const errs: Record<string, string> = {};
    if (!r.success) for (const issue of r.error.issues) errs[pathKey(issue.path)] ??= issueInWords(issue);
    return errs;
  }

  function validate(): boolean {
    const errs = schemaErrors(draft);
    setErrors(errs);
    return Object.keys(errs).length === 0;
  }

  // Once problems are shown, each disappears as soon as it is fixed (not at the next save).
  const shown = Object.keys(errors).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-check on every edit while problems are shown
  useEffect(() => {
    if (shown) setErrors(schemaErrors(draft));
  }, [draft]);

  // What publishing would refuse (content-model.md "Publishing rules"), shown before the teacher presses Publish.
  const problems = useMemo(() => publishProblems(toPayload(draft)), [draft]);

  async function save(opts: { stay?: boolean } = {}): Promise<string | null> {
    setBusy(true);
    setErrors({});
    setFormError(null);
    setStatus("");
    try {
      if (!validate()) {
        setFormError("Fix the problems marked below, then save again.");
        return null;
      }
      const body = toPayload(draft);
      const sentJson = JSON.stringify(body);
      const saved = exercise
        ? await api<ExerciseDto>(`/orgs/${orgId}/exercises/${exercise.id}`, { method: "PATCH", body })
        : await api<ExerciseDto>(`/orgs/${orgId}/exercises`, { method: "POST", body });
      qc.invalidateQueries({ queryKey: ["org", orgId] });
      setSavedJson(sentJson);
      // The guard goes at once: the next line may navigate to the new exercise's page.
      clearNavigationGuard();
      setStatus(`Saved at ${new Date().toLocaleTimeString()}.`);
      if (!exercise && !opts.stay) {
        flashStatus = `Saved at ${new Date().toLocaleTimeString()}.`;
        navigate(`/o/${orgId}/exercises/${saved.id}`, { replace: true });
      } else if (exercise) qc.setQueryData(["exercise", orgId, exercise.id], saved);
      return saved.id;
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.details)) {
        const errs: Record<string, string> = {};
        for (const d of e.details as { path?: unknown; field?: unknown; message?: string }[]) {
          errs[fieldName(d.path ?? d.field)] ??= issueInWords({ message: d.message ?? "not valid" });
        }
        setErrors(errs);
      }
      setFormError(errorMessage(e));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    const id = await save({ stay: true });
    if (!id) return;
    setBusy(true);
    try {
      const r = await api<{ version: number }>(`/orgs/${orgId}/exercises/${id}/publish`, { method: "POST" });
      const message = `Published as version ${r.version}. New assignments will use it.`;
      qc.invalidateQueries({ queryKey: ["org", orgId] });
      qc.invalidateQueries({ queryKey: ["exercise", orgId, id] });
      if (exercise) setStatus(message);
      else {
        flashStatus = message;
        navigate(`/o/${orgId}/exercises/${id}`, { replace: true });
      }
    } catch (e) {
      if (exercise) setFormError(errorMessage(e));
      else {
        // The draft exists now: go to its page, so that trying again does not create a second one.
        flashStatus = `Saved, but not published: ${errorMessage(e)}`;
        navigate(`/o/${orgId}/exercises/${id}`, { replace: true });
      }
    } finally {
      setBusy(false);
    }
  }

  function moveItem(i: number, to: number) {
    if (to < 0 || to >= draft.items.length) return;
    const items = [...draft.items];
    const [it] = items.splice(i, 1);
    items.splice(to, 0, it as Draft);
    set({ items });
    setSelected(to);
  }

  return (
    <div>
      <div className="row spread">
        <h1>{exercise ? `Edit: ${exercise.title}` : "New exercise"}</h1>
        {exercise ? (
          <p className="muted">
            <span className={`badge ${exercise.status}`}>{exercise.status}</span>{" "}
            {exercise.latestVersion ? `Published version ${exercise.latestVersion}` : "Never published"}
            {exercise.hasUnpublishedChanges ? " · unpublished changes" : ""} · updated {formatDate(exercise.updatedAt)}
          </p>
        ) : null}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        noValidate
      >
        <section className="card" aria-labelledby="ex-details">
          <h2 id="ex-details">Details</h2>
          <Field
            label="Title"
            required
            value={draft.title}
            onChange={(e) => set({ title: e.target.value })}
            error={errors.title}
          />
          <TextArea
            label="Instructions"
            rows={2}
            value={draft.instructions}
            onChange={(e) => set({ instructions: e.target.value })}
            error={errors.instructions}
          />
          <div className="filters">
            <Select
              label="Level"
              value={draft.level}
              onChange={(e) => set({ level: e.target.value })}
              error={errors.level}
            >
              <option value="">No level</option>
              {LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </Select>
            <Field
              label="Tags (comma-separated)"
              value={draft.tags.join(", ")}
              onChange={(e) =>
                set({
                  tags: e.target.value
                    .split(",")
                    .map((t) => t.trim().toLowerCase())
                    .filter(Boolean),
                })
              }
              error={errors.tags ?? Object.entries(errors).find(([k]) => k.startsWith("tags."))?.[1]}
            />
          </div>
          <fieldset>
            <legend>Skills</legend>
            <div className="row">
              {SKILLS.map((s) => (
                <Checkbox
                  key={s}
                  label={s}
                  checked={draft.skills.includes(s)}
                  onChange={(e) =>
                    set({ skills: e.target.checked ? [...draft.skills, s] : draft.skills.filter((x) => x !== s) })
                  }
                />
              ))}
            </div>
          </fieldset>
          <TextArea
            label="Reading text or transcript (optional)"
            rows={4}
            value={draft.passage}
            onChange={(e) => set({ passage: e.target.value })}
          />
          <Checkbox
            label="This is a listening transcript: show it to students only after they submit"
            checked={draft.transcriptAfterSubmit}
            onChange={(e) => set({ transcriptAfterSubmit: e.target.checked })}
          />
          <MediaPicker orgId={orgId} value={draft.media} onChange={(media) => set({ media })} />
        </section>

        <section className="card" aria-labelledby="ex-items">
          <h2 id="ex-items">Items ({draft.items.length})</h2>
          {draft.items.length ? (
            <ol className="order-list">
              {draft.items.map((it, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: item ids may repeat while being edited
                <li key={`${str(it.id)}-${i}`} className={i === selected ? "selected" : undefined}>
                  <button
                    type="button"
                    className="link-button unit"
                    aria-current={i === selected ? "true" : undefined}
                    onClick={() => setSelected(i)}
                  >
                    {i + 1}. {TYPE_LABELS[it.type as ItemType] ?? str(it.type)}:{" "}
                    {str(it.title) || str(it.prompt).slice(0, 60) || "(no prompt yet)"}
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Move item ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => moveItem(i, i - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Move item ${i + 1} down`}
                    disabled={i === draft.items.length - 1}
                    onClick={() => moveItem(i, i + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Delete item ${i + 1}`}
                    onClick={() => {
                      set({ items: draft.items.filter((_, j) => j !== i) });
                      setSelected(Math.max(0, Math.min(selected, draft.items.length - 2)));
                    }}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ol>
          ) : (
            <p className="state empty">No items yet. Add the first one.</p>
          )}
          <div className="row">
            <Select label="New item type" value={addType} onChange={(e) => setAddType(e.target.value as ItemType)}>
              {ITEM_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </Select>
            <button
              type="button"
              onClick={() => {
                set({ items: [...draft.items, newItem(addType, draft.items)] });
                setSelected(draft.items.length);
              }}
            >
              Add item
            </button>
          </div>
        </section>

        {current ? (
          <div className="editor-layout">
            <section className="card" aria-labelledby="item-edit-title">
              <h2 id="item-edit-title">Item {selected + 1}</h2>
              <ItemEditor
                orgId={orgId}
                item={current}
                index={selected}
                onChange={(it) => setItem(selected, it)}
                errors={errors}
              />
            </section>
            <Preview item={current} />
          </div>
        ) : null}

        {formError ? (
          <p className="form-alert" role="alert">
            {formError}
          </p>
        ) : null}
        {Object.keys(errors).length ? (
          <ul className="form-alert">
            {Object.entries(errors).map(([k, m]) => (
              <li key={k}>
                {pathInWords(k)}: {m}
              </li>
            ))}
          </ul>
        ) : null}
        <section className="card" aria-labelledby="publish-check">
          <h2 id="publish-check">Before publishing</h2>
          {problems.length ? (
            <ul aria-label="Before publishing" className="problem-list">
              {problems.map((p) => (
                <li key={`${p.field}:${p.message}`}>{p.message}</li>
              ))}
            </ul>
          ) : (
            <p className="hint">Every item can be answered and graded: ready to publish.</p>
          )}
        </section>
        <div className="player-bar">
          <p role="status" className="save-state saved">
            {status}
          </p>
          <div className="row">
            <button type="submit" disabled={busy}>
              {busy ? "Working…" : "Save draft"}
            </button>
            <button type="button" className="primary" disabled={busy} onClick={publish}>
              Publish
            </button>
            {exercise ? <ExportMenu orgId={orgId} exerciseId={exercise.id} /> : null}
            {exercise?.latestVersion ? (
              <Link to={`/o/${orgId}/exercises/${exercise.id}/versions`}>Versions</Link>
            ) : null}
            <Link to={`/o/${orgId}/library`}>Back to library</Link>
          </div>
        </div>
      </form>
    </div>
  );
}

/** The export formats, each with what it is for (what each loses: docs/formats/). */
const EXPORTS = [
  { format: "gift", label: "GIFT", hint: "Moodle's text format" },
  { format: "moodlexml", label: "Moodle XML", hint: "Moodle's question bank import" },
  { format: "qti3", label: "QTI 3.0 package", hint: "zip for QTI 3 systems" },
  { format: "qti21", label: "QTI 2.1 package", hint: "zip for QTI 2.1 systems (Canvas, TAO, Inspera…)" },
  { format: "json", label: "JSON", hint: "everything, for Language Cloud" },
] as const;

function ExportMenu({ orgId, exerciseId }: { orgId: string; exerciseId: string }) {
  return (
    <details className="export-menu">
      <summary className="button">Export…</summary>
      <ul aria-label="Export formats">
        {EXPORTS.map((e) => (
          <li key={e.format}>
            <a href={`/api/v1/orgs/${orgId}/exercises/${exerciseId}/export?format=${e.format}`} download>
              {e.label}
            </a>{" "}
            <span className="muted">{e.hint}</span>
          </li>
        ))}
      </ul>
      <p className="muted">
        What a format cannot express is listed at the top of the file (or of the package's manifest).
      </p>
    </details>
  );
}

export default function ExerciseEditor({ orgId, exerciseId }: { orgId: string; exerciseId?: string }) {
  const query = useQuery({
    queryKey: ["exercise", orgId, exerciseId],
    queryFn: () => api<ExerciseDto>(`/orgs/${orgId}/exercises/${exerciseId}`),
    enabled: !!exerciseId,
  });
  if (!exerciseId) return <EditorForm orgId={orgId} exercise={null} />;
  return <QueryState query={query}>{(ex) => <EditorForm key={ex.id} orgId={orgId} exercise={ex} />}</QueryState>;
}
