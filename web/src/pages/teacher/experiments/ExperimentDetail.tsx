/**
 * One experiment: what it compares, its status and the step that comes next (start a draft, close a running one),
 * and once started who got which variant, per class (teachers see it; students only ever see their assignments).
 */
import type { ClassDto, ExerciseSummaryDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import type { ExperimentDetailDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { ConfirmDialog } from "../../../components/ConfirmDialog.tsx";
import { formatDate } from "../../../components/format.ts";
import { FormAlert, QueryState } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";
import { Link } from "../../../router.tsx";
import { StatusBadge, whenOf } from "./ExperimentList.tsx";

const versionText = (v: number | null) => (v === null ? "latest version" : `version ${v}`);

function Actions({ orgId, e }: { orgId: string; e: ExperimentDetailDto }) {
  const qc = useQueryClient();
  const [confirmClose, setConfirmClose] = useState(false);
  const done = () => qc.invalidateQueries({ queryKey: ["org", orgId] });
  const start = useSubmit(() => api(`/orgs/${orgId}/experiments/${e.id}/start`, { method: "POST" }), done);
  const close = useSubmit(
    () => api(`/orgs/${orgId}/experiments/${e.id}/close`, { method: "POST" }),
    () => {
      setConfirmClose(false);
      done();
    },
  );
  if (e.status === "draft")
    return (
      <div className="card">
        <h2>Start</h2>
        <p>
          Starting gives every student of the classes a variant (at random, evenly within each class), and creates their
          assignments: each student sees only their own variant, then the post-test. A student who joins later is given
          the next variant. The setup cannot be changed after this.
        </p>
        <FormAlert error={start.formError} />
        <div className="row">
          <button type="button" className="primary" disabled={start.pending} onClick={() => start.submit()}>
            Start the experiment
          </button>
          <Link to={`/o/${orgId}/experiments/${e.id}/edit`} className="button">
            Edit the setup
          </Link>
        </div>
      </div>
    );
  if (e.status === "running")
    return (
      <div className="card">
        <h2>Running</h2>
        <p>
          <Link to={`/o/${orgId}/experiments/${e.id}/results`}>See the results so far</Link>
        </p>
        <FormAlert error={close.formError} />
        <button type="button" onClick={() => setConfirmClose(true)}>
          Close the experiment
        </button>
        <ConfirmDialog
          open={confirmClose}
          title="Close the experiment?"
          confirmLabel="Close it"
          busy={close.pending}
          onConfirm={() => close.submit()}
          onCancel={() => setConfirmClose(false)}
        >
          <p>Students who join the classes from now on are not given a variant. Work already done still counts.</p>
        </ConfirmDialog>
      </div>
    );
  return (
    <div className="card">
      <h2>Closed</h2>
      <p>
        <Link to={`/o/${orgId}/experiments/${e.id}/results`}>Read the results</Link>
      </p>
    </div>
  );
}

export default function ExperimentDetail({ orgId, experimentId }: { orgId: string; experimentId: string }) {
  const query = useOrgQuery<ExperimentDetailDto>(orgId, `/experiments/${experimentId}`);
  const classes = useOrgQuery<Page<ClassDto>>(orgId, "/classes");
  const exercises = useOrgQuery<Page<ExerciseSummaryDto>>(orgId, "/exercises?status=published&limit=100");
  const className = new Map(itemsOf(classes.data).map((c) => [c.id, c.name]));
  const title = new Map(itemsOf(exercises.data).map((x) => [x.id, x.title]));
  return (
    <QueryState query={query}>
      {(e) => {
        const variantName = new Map(e.variants.map((v) => [v.id, v.name]));
        return (
          <section aria-labelledby="experiment-title">
            <h1 id="experiment-title">
              {e.name} <StatusBadge status={e.status} />
            </h1>
            <p>
              <Link to={`/o/${orgId}/experiments`}>All experiments</Link>
            </p>
            {e.question ? (
              <p>
                <strong>The question:</strong> {e.question}
              </p>
            ) : null}
            <p className="muted">{whenOf(e)}</p>
            <dl className="setup">
              <dt>Variants (the first is the one the others are compared with)</dt>
              <dd>
                <ol>
                  {e.variants.map((v) => (
                    <li key={v.id}>
                      {v.name}: {title.get(v.exerciseId) ?? "an exercise"}, {versionText(v.version)}
                    </li>
                  ))}
                </ol>
              </dd>
              <dt>Post-test (the outcome)</dt>
              <dd>
                {title.get(e.outcome.exerciseId) ?? "an exercise"}, {versionText(e.outcome.version)}
                {e.pretest ? "; adjusted for a pre-test" : ""}
              </dd>
              <dt>Classes</dt>
              <dd>
                {e.classIds.map((c) => className.get(c) ?? "a class").join(", ")} —{" "}
                {e.unit === "student" ? "students dealt within each class" : "whole classes dealt to variants"}
              </dd>
              <dt>Dates</dt>
              <dd>
                Variants {formatDate(e.opensAt)} to {formatDate(e.dueAt)}; post-test {formatDate(e.outcomeOpensAt)} to{" "}
                {formatDate(e.outcomeDueAt)}
              </dd>
            </dl>
            <Actions orgId={orgId} e={e} />
            {e.participants.length ? (
              <>
                <h2 id="participants-title">Who got which variant</h2>
                {e.classIds.map((classId) => {
                  const people = e.participants.filter((p) => p.classId === classId);
                  return (
                    <div key={classId}>
                      <h3>
                        {className.get(classId) ?? "A class"}{" "}
                        <span className="muted">
                          (
                          {e.variants
                            .map((v) => `${people.filter((p) => p.variant === v.id).length} ${v.name}`)
                            .join(", ")}
                          )
                        </span>
                      </h3>
                      <div className="table-wrap">
                        <table>
                          <thead>
                            <tr>
                              <th scope="col">Student</th>
                              <th scope="col">Variant</th>
                            </tr>
                          </thead>
                          <tbody>
                            {people.map((p) => (
                              <tr key={p.student.id}>
                                <td>{p.student.name}</td>
                                <td>
                                  {variantName.get(p.variant) ?? "—"}
                                  {p.late ? <span className="muted"> (joined later)</span> : null}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </div>
                  );
                })}
              </>
            ) : null}
          </section>
        );
      }}
    </QueryState>
  );
}
