import type { AssignmentDto, ExerciseSummaryDto, FeedbackMode, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { Checkbox, Field, Select } from "../../../components/Field.tsx";
import { formatDate } from "../../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";
import { Link } from "../../../router.tsx";

/** datetime-local value ("2025-01-31T09:00", local time) → ISO UTC, or undefined. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

function NewAssignment({ orgId, classId }: { orgId: string; classId: string }) {
  const qc = useQueryClient();
  const exercises = useOrgQuery<Page<ExerciseSummaryDto>>(orgId, "/exercises?status=published&limit=100");
  const [f, setF] = useState({
    exerciseId: "",
    opensAt: "",
    dueAt: "",
    maxAttempts: "1",
    feedback: "immediate" as FeedbackMode,
    allowLate: false,
    shuffle: false,
  });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<AssignmentDto>(`/orgs/${orgId}/assignments`, {
        method: "POST",
        body: {
          exerciseId: f.exerciseId,
          classId,
          opensAt: toIso(f.opensAt),
          dueAt: toIso(f.dueAt),
          maxAttempts: Number(f.maxAttempts) || 1,
          feedback: f.feedback,
          allowLate: f.allowLate,
          shuffle: f.shuffle,
        },
      }),
    () => {
      setF({ ...f, exerciseId: "" });
      qc.invalidateQueries({ queryKey: ["org", orgId] });
    },
  );
  const list = itemsOf(exercises.data);
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-assignment">
      <h3 id="new-assignment">Assign an exercise</h3>
      <Select
        label="Exercise"
        required
        value={f.exerciseId}
        onChange={(e) => setF({ ...f, exerciseId: e.target.value })}
        error={fieldErrors.exerciseId}
        hint={!exercises.isPending && !list.length ? "Publish an exercise first." : undefined}
      >
        <option value="">{exercises.isPending ? "Loading…" : "Choose a published exercise…"}</option>
        {list.map((x) => (
          <option key={x.id} value={x.id}>
            {x.title} {x.level ? `(${x.level})` : ""}
          </option>
        ))}
      </Select>
      <div className="filters">
        <Field
          label="Opens at"
          type="datetime-local"
          value={f.opensAt}
          onChange={(e) => setF({ ...f, opensAt: e.target.value })}
          error={fieldErrors.opensAt}
        />
        <Field
          label="Due at"
          type="datetime-local"
          value={f.dueAt}
          onChange={(e) => setF({ ...f, dueAt: e.target.value })}
          error={fieldErrors.dueAt}
        />
        <Field
          label="Attempts allowed"
          type="number"
          min={1}
          max={100}
          value={f.maxAttempts}
          onChange={(e) => setF({ ...f, maxAttempts: e.target.value })}
          error={fieldErrors.maxAttempts}
        />
        <Select
          label="Feedback"
          value={f.feedback}
          onChange={(e) => setF({ ...f, feedback: e.target.value as FeedbackMode })}
          error={fieldErrors.feedback}
        >
          <option value="immediate">Right after submitting</option>
          <option value="after_due">After the due date</option>
          <option value="never">Never (score only to the teacher)</option>
        </Select>
      </div>
      <div className="row">
        <Checkbox
          label="Accept late work"
          checked={f.allowLate}
          onChange={(e) => setF({ ...f, allowLate: e.target.checked })}
        />
        <Checkbox
          label="Shuffle items and options"
          checked={f.shuffle}
          onChange={(e) => setF({ ...f, shuffle: e.target.checked })}
        />
      </div>
      <FormAlert error={formError} />
      <button type="submit" className="primary" disabled={pending}>
        Create assignment
      </button>
    </form>
  );
}

export function Assignments({ orgId, classId }: { orgId: string; classId: string }) {
  const query = useOrgQuery<Page<AssignmentDto>>(orgId, `/assignments?classId=${encodeURIComponent(classId)}`);
  return (
    <section aria-labelledby="assignments-title">
      <h2 id="assignments-title">Assignments</h2>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Opens</th>
                    <th scope="col">Due</th>
                    <th scope="col">Settings</th>
                    <th scope="col">Pages</th>
                  </tr>
                </thead>
                <tbody>
                  {itemsOf(data).map((a) => (
                    <tr key={a.id}>
                      <td>
                        {a.title} <span className="muted">v{a.exerciseVersion}</span>
                      </td>
                      <td>{formatDate(a.opensAt)}</td>
                      <td>{formatDate(a.dueAt)}</td>
                      <td>
                        {a.maxAttempts} attempt(s), results {a.review.when.replace("_", " ")} ({a.review.show})
                        {a.archivedAt ? ", archived" : ""}
                        {a.allowLate ? ", late allowed" : ""}
                      </td>
                      <td>
                        <div className="row">
                          <Link to={`/o/${orgId}/assignments/${a.id}/review`}>
                            Responses and settings<span className="visually-hidden"> for {a.title}</span>
                          </Link>
                          <Link to={`/o/${orgId}/assignments/${a.id}/statistics`}>
                            Statistics<span className="visually-hidden"> for {a.title}</span>
                          </Link>
                          <Link to={`/o/${orgId}/assignments/${a.id}/grading`}>
                            Grading<span className="visually-hidden"> for {a.title}</span>
                          </Link>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No assignments for this class yet.</Empty>
          )
        }
      </QueryState>
      <NewAssignment orgId={orgId} classId={classId} />
    </section>
  );
}
