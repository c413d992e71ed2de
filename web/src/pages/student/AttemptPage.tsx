import type { AttemptDto, Response } from "@languagecloud/domain";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { api, errorMessage } from "../../api/client.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { RichText } from "../../components/RichText.tsx";
import { QueryState } from "../../components/states.tsx";
import { ItemView } from "../../player/ItemView.tsx";
import { MediaList, MediaUrlContext } from "../../player/MediaList.tsx";
import { saveStateLabel, useAutosave } from "../../player/useAutosave.ts";
import { isAnswered, unusableAnswer } from "../../player/view.ts";
import { Link } from "../../router.tsx";
import { AttemptReview } from "../teacher/AttemptReview.tsx";

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

function Player({ attempt, orgId }: { attempt: AttemptDto; orgId: string }) {
  const qc = useQueryClient();
  const submitted = attempt.status === "submitted";
  const base = `/orgs/${orgId}/attempts/${attempt.id}`;
  // The attempt is cached for the session (staleTime ∞): each stored answer goes into that copy, and the list of
  // assignments is refreshed, so leaving and coming back shows what autosave stored, not what the page first got.
  const autosave = useAutosave(attempt.id, base, !submitted, (itemId, response) => {
    qc.setQueryData<AttemptDto>(["attempt", attempt.id], (old) =>
      old ? { ...old, responses: { ...old.responses, [itemId]: response } } : old,
    );
    qc.invalidateQueries({ queryKey: ["my-assignments"] });
  });
  const [responses, setResponses] = useState<Record<string, Response>>(() => ({
    ...attempt.responses,
    ...autosave.restored,
  }));
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);

  const change = useCallback(
    (itemId: string, r: Response) => {
      setResponses((prev) => ({ ...prev, [itemId]: r }));
      autosave.save(itemId, r);
    },
    [autosave.save],
  );

  const items = attempt.exercise.items;
  const answerable = items.filter((i) => i.type !== "description");
  const answered = answerable.filter((i) => isAnswered(responses[i.id])).length;
  const warnings = answerable.flatMap((item) => {
    const problem = unusableAnswer(item, responses[item.id]);
    return problem ? [`Question ${answerable.indexOf(item) + 1}: ${problem}`] : [];
  });

  async function submit() {
    // One key per submit intent, reused by every retry of that intent.
    idempotencyKey.current ??= newKey();
    setSubmitting(true);
    setSubmitError(null);
    try {
      await autosave.flush().catch(() => undefined); // the body carries every response anyway
      const result = await api<AttemptDto>(`${base}/submit`, {
        method: "POST",
        headers: { "Idempotency-Key": idempotencyKey.current },
        body: { responses },
      });
      autosave.clear();
      idempotencyKey.current = null;
      setConfirming(false);
      qc.setQueryData(["attempt", attempt.id], result);
      qc.invalidateQueries({ queryKey: ["my-assignments"] });
      window.scrollTo?.(0, 0);
    } catch (e) {
      setSubmitError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  let number = 0;
  return (
    <MediaUrlContext.Provider value={(id) => `/api/v1/orgs/${orgId}/media/${encodeURIComponent(id)}`}>
      <article aria-labelledby="attempt-title">
        <h1 id="attempt-title">{attempt.exercise.title}</h1>
        {submitted ? (
          <div className="card" role="status">
            <p>
              <strong>Submitted.</strong>{" "}
              {attempt.score !== null
                ? `Your score: ${Math.round(attempt.score * 100) / 100} / ${attempt.maxScore}.`
                : "Your score will be shown when your teacher releases it."}
              {attempt.pendingReview ? " Your writing is waiting for your teacher." : ""}
            </p>
            <p>
              <Link to={`/o/${orgId}/my`}>Back to my assignments</Link>
            </p>
          </div>
        ) : null}
        {attempt.exercise.instructions ? <p>{attempt.exercise.instructions}</p> : null}
        <MediaList media={attempt.exercise.media} label="Exercise" />
        {attempt.exercise.passage ? (
          <section className="card" aria-label="Text">
            <RichText text={attempt.exercise.passage} />
          </section>
        ) : null}
        {items.map((item) => {
          const n = item.type === "description" ? null : ++number;
          return (
            <ItemView
              key={item.id}
              item={item}
              number={n}
              response={responses[item.id]}
              onChange={(r) => change(item.id, r)}
              disabled={submitted || submitting}
              result={attempt.results?.[item.id]}
            />
          );
        })}
        {!submitted ? (
          <div className="player-bar">
            <p className={`save-state ${autosave.state}`} role="status" aria-live="polite">
              {saveStateLabel(autosave.state)}
            </p>
            <p className="muted">
              {answered} of {answerable.length} answered
            </p>
            <button type="button" className="primary" onClick={() => setConfirming(true)}>
              Submit
            </button>
          </div>
        ) : null}
        <ConfirmDialog
          open={confirming}
          title="Submit your answers?"
          confirmLabel={submitting ? "Submitting…" : submitError ? "Try again" : "Submit"}
          onConfirm={submit}
          onCancel={() => {
            setConfirming(false);
            setSubmitError(null);
          }}
          busy={submitting}
        >
          <p>
            You answered {answered} of {answerable.length} questions.
            {answered < answerable.length ? " Unanswered questions score nothing." : ""} You cannot change your answers
            after submitting.
          </p>
          {warnings.length ? (
            <ul className="form-alert" aria-label="Check these answers">
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
          {submitError ? (
            <p className="form-alert" role="alert">
              Not submitted: {submitError}
            </p>
          ) : null}
        </ConfirmDialog>
      </article>
    </MediaUrlContext.Provider>
  );
}

export default function AttemptPage({ attemptId, orgId }: { attemptId: string; orgId: string }) {
  const query = useQuery({
    queryKey: ["attempt", attemptId],
    queryFn: () => api<AttemptDto>(`/orgs/${orgId}/attempts/${attemptId}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <QueryState query={query}>
      {(attempt) =>
        attempt.review ? (
          <AttemptReview attempt={attempt} orgId={orgId} />
        ) : (
          <Player key={attempt.id} attempt={attempt} orgId={orgId} />
        )
      }
    </QueryState>
  );
}
