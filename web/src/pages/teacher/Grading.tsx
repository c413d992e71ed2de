import type { AssignmentDto, GradingQueueEntryDto, Page, ResponseGradeDto } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field, TextArea } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { countWords } from "../../player/view.ts";
import { Link } from "../../router.tsx";

const fmt = (n: number) => String(Math.round(n * 100) / 100);

function GradeForm({
  orgId,
  entry,
  onDone,
}: {
  orgId: string;
  entry: GradingQueueEntryDto;
  onDone: (graded: ResponseGradeDto) => void;
}) {
  const [rubric, setRubric] = useState<Record<string, string>>(() =>
    Object.fromEntries(entry.rubric.map((r) => [r.criterion, ""])),
  );
  const rubricTotal = entry.rubric.reduce((s, r) => s + (Number(rubric[r.criterion]) || 0), 0);
  const [score, setScore] = useState(entry.score !== null ? String(entry.score) : "");
  const [comment, setComment] = useState(entry.comment ?? "");
  const hasRubric = entry.rubric.length > 0;
  const effective = hasRubric && score === "" ? rubricTotal : score === "" ? Number.NaN : Number(score);
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<ResponseGradeDto>(`/orgs/${orgId}/responses/${entry.responseId}/grade`, {
        method: "PUT",
        body: {
          score: effective,
          comment: comment || undefined,
          rubric: hasRubric
            ? entry.rubric.map((r) => ({ criterion: r.criterion, points: Number(rubric[r.criterion]) || 0 }))
            : undefined,
        },
      }),
    onDone,
    { fields: ["score", "comment", "rubric"] },
  );
  // The server names a rubric problem by its position (`rubric.1.points`), the form by its criterion.
  const rubricError = (i: number) => fieldErrors[`rubric.${i}.points`] ?? fieldErrors[`rubric.${i}.criterion`];
  return (
    <form onSubmit={submit} noValidate aria-label={`Grade ${entry.student.name}`}>
      {hasRubric ? (
        <fieldset>
          <legend>Rubric</legend>
          <div className="filters">
            {entry.rubric.map((r, i) => (
              <Field
                key={r.criterion}
                label={`${r.criterion} (0–${r.points})`}
                type="number"
                inputMode="decimal"
                min={0}
                max={r.points}
                step="any"
                value={rubric[r.criterion] ?? ""}
                onChange={(e) => setRubric({ ...rubric, [r.criterion]: e.target.value })}
                error={rubricError(i)}
              />
            ))}
          </div>
          <p className="muted" aria-live="polite">
            Rubric total: {fmt(rubricTotal)} of {fmt(entry.rubric.reduce((s, r) => s + r.points, 0))}
          </p>
        </fieldset>
      ) : null}
      <Field
        label={`Score (0–${entry.maxScore})`}
        type="number"
        inputMode="decimal"
        min={0}
        max={entry.maxScore}
        step="any"
        value={score}
        placeholder={hasRubric ? fmt(rubricTotal) : ""}
        hint={hasRubric ? "Leave empty to use the rubric total." : undefined}
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
        <span className="visually-hidden"> for {entry.student.name}</span>
      </button>
    </form>
  );
}

export default function Grading({ orgId, assignmentId }: { orgId: string; assignmentId: string }) {
  const qc = useQueryClient();
  const path = `/assignments/${assignmentId}/grading`;
  const assignment = useOrgQuery<AssignmentDto>(orgId, `/assignments/${assignmentId}`);
  const query = useOrgQuery<Page<GradingQueueEntryDto> | GradingQueueEntryDto[]>(orgId, path);
  const [done, setDone] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const title = assignment.data?.title;
  return (
    <section aria-labelledby="grading-title">
      {assignment.data ? (
        <p>
          <Link to={`/o/${orgId}/classes/${assignment.data.classId}`}>Back to the class</Link>
        </p>
      ) : null}
      <h1 id="grading-title">Grading queue{title ? `: ${title}` : ""}</h1>
      <p className="save-state saved" role="status">
        {saved}
      </p>
      <QueryState query={query}>
        {(data) => {
          const list = itemsOf(data).filter((e) => !done.includes(e.responseId));
          if (!list.length)
            return <Empty>Nothing waiting for you. Essays appear here when students submit them.</Empty>;
          return (
            <>
              <p className="muted">
                {list.length === 1 ? "One answer is" : `${list.length} answers are`} waiting for a grade.
              </p>
              <ul className="plain">
                {list.map((e) => (
                  <li key={e.responseId} className="card">
                    <h2 className="breakable">
                      {e.student.name} <span className="muted">({e.student.email})</span>
                    </h2>
                    <p className="muted">
                      Submitted {formatDate(e.submittedAt)} · {countWords(e.text)} words
                    </p>
                    <p>
                      <strong>Task:</strong> {e.prompt}
                    </p>
                    <blockquote className="card essay-text">{e.text || <em>(empty)</em>}</blockquote>
                    <GradeForm
                      orgId={orgId}
                      entry={e}
                      onDone={(graded) => {
                        setSaved(`Saved: ${e.student.name} has ${fmt(graded.score)} of ${fmt(graded.maxScore)}.`);
                        setDone((d) => [...d, e.responseId]);
                        qc.invalidateQueries({ queryKey: ["org", orgId] });
                      }}
                    />
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
