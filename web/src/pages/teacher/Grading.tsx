import type { GradingQueueEntryDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field, TextArea } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { countWords } from "../../player/view.ts";

function GradeForm({ orgId, entry, onDone }: { orgId: string; entry: GradingQueueEntryDto; onDone: () => void }) {
  const [rubric, setRubric] = useState<Record<string, string>>(() =>
    Object.fromEntries(entry.rubric.map((r) => [r.criterion, ""])),
  );
  const rubricTotal = entry.rubric.reduce((s, r) => s + (Number(rubric[r.criterion]) || 0), 0);
  const [score, setScore] = useState(entry.score !== null ? String(entry.score) : "");
  const [comment, setComment] = useState(entry.comment ?? "");
  const effective = entry.rubric.length && score === "" ? rubricTotal : Number(score);
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api(`/orgs/${orgId}/responses/${entry.responseId}/grade`, {
        method: "PUT",
        body: {
          score: effective,
          comment: comment || undefined,
          rubric: entry.rubric.length
            ? entry.rubric.map((r) => ({ criterion: r.criterion, points: Number(rubric[r.criterion]) || 0 }))
            : undefined,
        },
      }),
    onDone,
  );
  return (
    <form onSubmit={submit} noValidate>
      {entry.rubric.length ? (
        <fieldset>
          <legend>Rubric</legend>
          <div className="filters">
            {entry.rubric.map((r) => (
              <Field
                key={r.criterion}
                label={`${r.criterion} (0–${r.points})`}
                type="number"
                min={0}
                max={r.points}
                step="any"
                value={rubric[r.criterion] ?? ""}
                onChange={(e) => setRubric({ ...rubric, [r.criterion]: e.target.value })}
              />
            ))}
          </div>
          <p className="muted">Rubric total: {rubricTotal}</p>
        </fieldset>
      ) : null}
      <Field
        label={`Score (0–${entry.maxScore})`}
        type="number"
        min={0}
        max={entry.maxScore}
        step="any"
        value={score}
        placeholder={entry.rubric.length ? String(rubricTotal) : ""}
        hint={entry.rubric.length ? "Leave empty to use the rubric total." : undefined}
        onChange={(e) => setScore(e.target.value)}
        error={fieldErrors.score}
      />
      <TextArea
        label="Comment for the student"
        rows={3}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        error={fieldErrors.comment}
      />
      <FormAlert error={formError} />
      <button type="submit" className="primary" disabled={pending || Number.isNaN(effective)}>
        {pending ? "Saving…" : "Save grade"}
      </button>
    </form>
  );
}

export default function Grading({ orgId, assignmentId }: { orgId: string; assignmentId: string }) {
  const qc = useQueryClient();
  const path = `/assignments/${assignmentId}/grading`;
  const query = useOrgQuery<Page<GradingQueueEntryDto> | GradingQueueEntryDto[]>(orgId, path);
  const [done, setDone] = useState<string[]>([]);
  return (
    <section aria-labelledby="grading-title">
      <h1 id="grading-title">Grading queue</h1>
      <QueryState query={query}>
        {(data) => {
          const list = itemsOf(data).filter((e) => !done.includes(e.responseId));
          if (!list.length)
            return <Empty>Nothing waiting for you. Essays appear here when students submit them.</Empty>;
          return (
            <ul className="plain">
              {list.map((e) => (
                <li key={e.responseId} className="card">
                  <h2>
                    {e.student.name} <span className="muted">({e.student.email})</span>
                  </h2>
                  <p className="muted">
                    Submitted {formatDate(e.submittedAt)} · {countWords(e.text)} words
                  </p>
                  <p>
                    <strong>Task:</strong> {e.prompt}
                  </p>
                  <blockquote className="card" style={{ whiteSpace: "pre-wrap" }}>
                    {e.text || <em>(empty)</em>}
                  </blockquote>
                  <GradeForm
                    orgId={orgId}
                    entry={e}
                    onDone={() => {
                      setDone((d) => [...d, e.responseId]);
                      qc.invalidateQueries({ queryKey: ["org", orgId, path] });
                    }}
                  />
                </li>
              ))}
            </ul>
          );
        }}
      </QueryState>
    </section>
  );
}
