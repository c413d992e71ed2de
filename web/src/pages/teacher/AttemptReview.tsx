import type { AttemptDto, ReviewItemDto } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { Field } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link } from "../../router.tsx";

const fmt = (n: number) => String(Math.round(n * 100) / 100);
const WORD: Record<ReviewItemDto["status"], string> = {
  correct: "Right",
  partial: "Partly right",
  incorrect: "Wrong",
  pending: "Waiting for your grade",
  blank: "Not answered",
};

function OverrideForm({ orgId, attemptId, item }: { orgId: string; attemptId: string; item: ReviewItemDto }) {
  const qc = useQueryClient();
  const [score, setScore] = useState(fmt(item.score));
  const [comment, setComment] = useState(item.override?.comment ?? "");
  const url = `/orgs/${orgId}/attempts/${attemptId}/items/${encodeURIComponent(item.itemId)}/override`;
  const done = (a: AttemptDto) => {
    qc.setQueryData(["attempt", attemptId], a);
    qc.invalidateQueries({ queryKey: ["org", orgId] });
  };
  const save = useSubmit(() => api<AttemptDto>(url, { method: "PUT", body: { score: Number(score), comment } }), done, {
    fields: ["score", "comment"],
  });
  const revert = useSubmit(() => api<AttemptDto>(url, { method: "DELETE" }), done);
  if (item.status === "pending") {
    return <p>Grade this writing in the grading queue.</p>;
  }
  return (
    <form onSubmit={save.submit} noValidate aria-label={`Change the score of ${item.name}`} className="row">
      <Field
        label="Score"
        type="number"
        min={0}
        max={item.maxScore}
        step="any"
        value={score}
        onChange={(e) => setScore(e.target.value)}
        error={save.fieldErrors.score}
      />
      <Field
        label="Comment for the student"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        error={save.fieldErrors.comment}
      />
      <button type="submit" disabled={save.pending}>
        Set score
      </button>
      {item.override ? (
        <button type="button" onClick={() => revert.submit()} disabled={revert.pending}>
          Back to the automatic {fmt(item.automaticScore ?? 0)}
        </button>
      ) : null}
      <FormAlert error={save.formError ?? revert.formError} />
    </form>
  );
}

/** The teacher's review of one submitted attempt: every item with the answer, verdict, score and categories. */
export function AttemptReview({ attempt, orgId }: { attempt: AttemptDto; orgId: string }) {
  const items = attempt.review ?? [];
  return (
    <article aria-labelledby="review-title" className="stack">
      <h1 id="review-title">{attempt.exercise.title}</h1>
      <p>
        Attempt {attempt.number}, submitted {formatDate(attempt.submittedAt)}.{" "}
        <strong>
          {attempt.pendingReview
            ? "Writing waits for your grade"
            : `Score ${fmt(attempt.score ?? 0)} / ${fmt(attempt.maxScore)}`}
        </strong>{" "}
        · <Link to={`/o/${orgId}/assignments/${attempt.assignmentId}/review`}>All responses</Link>
      </p>
      {items.map((it, i) => (
        <section key={it.itemId} id={`item-${it.itemId}`} className={`card verdict-${it.status}`}>
          <h2>
            {i + 1}. {it.name}
          </h2>
          <p>
            <strong>{WORD[it.status]}</strong> — {fmt(it.score)} / {fmt(it.maxScore)}
            {it.override ? ` (your score; the key gave ${fmt(it.automaticScore ?? 0)})` : ""}
          </p>
          <p>
            Answer: <q>{it.answer || "—"}</q>
          </p>
          {it.categories.length ? <p>Mistakes: {it.categories.join(", ").replaceAll("_", " ")}</p> : null}
          {it.feedback.length ? <p className="muted">Feedback shown: {it.feedback.join(" ")}</p> : null}
          <OverrideForm orgId={orgId} attemptId={attempt.id} item={it} />
        </section>
      ))}
    </article>
  );
}
