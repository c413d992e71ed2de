import type { AssignmentDto, ExerciseVersionDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { Checkbox, Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link } from "../../router.tsx";
import { Extensions, toLocalInput } from "./Extensions.tsx";
import { RegradeProgress } from "./RegradeProgress.tsx";

type Verdict = "correct" | "partial" | "incorrect" | "pending" | "blank";
interface Grid {
  title: string;
  version: number;
  columns: { itemId: string; name: string; type: string; maxScore: number }[];
  items: {
    attemptId: string;
    student: { id: string; name: string };
    number: number;
    score: number | null;
    maxScore: number;
    pending: boolean;
    cells: Record<
      string,
      { score: number; max: number; verdict: Verdict; answer: string; categories: string[]; overridden: boolean }
    >;
  }[];
}

const VERDICT_WORD: Record<Verdict, string> = {
  correct: "right",
  partial: "partly right",
  incorrect: "wrong",
  pending: "waiting for you",
  blank: "not answered",
};
const fmt = (n: number) => String(Math.round(n * 100) / 100);

function Settings({ orgId, a }: { orgId: string; a: AssignmentDto }) {
  const qc = useQueryClient();
  const [f, setF] = useState({
    dueAt: toLocalInput(a.dueAt),
    maxAttempts: String(a.maxAttempts),
    when: a.review.when,
    show: a.review.show,
    allowLate: a.allowLate,
  });
  const [archiveOpen, setArchiveOpen] = useState(false);
  const save = useSubmit(
    () =>
      api<AssignmentDto>(`/orgs/${orgId}/assignments/${a.id}`, {
        method: "PATCH",
        body: {
          dueAt: f.dueAt ? new Date(f.dueAt).toISOString() : null,
          maxAttempts: Number(f.maxAttempts) || 1,
          review: { when: f.when, show: f.show },
          allowLate: f.allowLate,
        },
      }),
    () => qc.invalidateQueries({ queryKey: ["org", orgId] }),
    { fields: ["dueAt", "maxAttempts", "review", "allowLate"] },
  );
  const archive = useSubmit(
    () =>
      api<AssignmentDto>(`/orgs/${orgId}/assignments/${a.id}`, {
        method: "PATCH",
        body: { archived: !a.archivedAt },
      }),
    () => {
      setArchiveOpen(false);
      qc.invalidateQueries({ queryKey: ["org", orgId] });
    },
  );
  return (
    <form className="card" onSubmit={save.submit} noValidate aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <div className="filters">
        <Field
          label="Due at"
          type="datetime-local"
          value={f.dueAt}
          onChange={(e) => setF({ ...f, dueAt: e.target.value })}
          error={save.fieldErrors.dueAt}
        />
        <Field
          label="Attempts allowed"
          type="number"
          min={1}
          max={100}
          value={f.maxAttempts}
          onChange={(e) => setF({ ...f, maxAttempts: e.target.value })}
          error={save.fieldErrors.maxAttempts}
        />
        <Select
          label="Students see their results"
          value={f.when}
          onChange={(e) => setF({ ...f, when: e.target.value as typeof f.when })}
        >
          <option value="immediate">Right after submitting</option>
          <option value="after_due">After the due date</option>
          <option value="never">Never</option>
        </Select>
        <Select
          label="What they see"
          value={f.show}
          onChange={(e) => setF({ ...f, show: e.target.value as typeof f.show })}
        >
          <option value="score">The score only</option>
          <option value="verdicts">Score and right/wrong per question</option>
          <option value="answers">Also the right answers and all feedback</option>
        </Select>
      </div>
      <Checkbox
        label="Accept late work"
        checked={f.allowLate}
        onChange={(e) => setF({ ...f, allowLate: e.target.checked })}
      />
      <FormAlert error={save.formError ?? archive.formError} />
      <div className="row">
        <button type="submit" className="primary" disabled={save.pending}>
          Save settings
        </button>
        <button type="button" onClick={() => setArchiveOpen(true)}>
          {a.archivedAt ? "Bring back from the archive" : "Archive…"}
        </button>
      </div>
      <ConfirmDialog
        open={archiveOpen}
        title={a.archivedAt ? "Bring this assignment back?" : "Archive this assignment?"}
        confirmLabel={a.archivedAt ? "Bring back" : "Archive"}
        onConfirm={() => archive.submit()}
        onCancel={() => setArchiveOpen(false)}
        busy={archive.pending}
      >
        {a.archivedAt
          ? "Students can start it again if it is still open."
          : "Students can no longer start it. Submitted work, scores and statistics stay."}
      </ConfirmDialog>
    </form>
  );
}

function FixAndRegrade({ orgId, a }: { orgId: string; a: AssignmentDto }) {
  const qc = useQueryClient();
  const versions = useOrgQuery<Page<ExerciseVersionDto> | ExerciseVersionDto[]>(
    orgId,
    `/exercises/${a.exerciseId}/versions`,
  );
  const [jobId, setJobId] = useState<string | null>(a.regrade?.id ?? null);
  const newer = itemsOf(versions.data)
    .map((v) => v.version)
    .filter((v) => v > a.exerciseVersion)
    .sort((x, y) => y - x);
  const [target, setTarget] = useState<string>("");
  const chosen = Number(target || newer[0] || 0);
  const [running, setRunning] = useState(false);
  const finish = useCallback(() => setRunning(false), []);
  const start = useSubmit(
    () =>
      api<AssignmentDto>(`/orgs/${orgId}/assignments/${a.id}`, {
        method: "PATCH",
        body: { version: chosen, regrade: true },
      }),
    (res) => {
      setJobId(res.regrade?.id ?? null);
      setRunning(true);
      qc.invalidateQueries({ queryKey: ["org", orgId] });
    },
  );
  return (
    <section className="card" aria-labelledby="regrade-title">
      <h2 id="regrade-title">Fix the key and regrade</h2>
      <p className="muted">
        This assignment uses version {a.exerciseVersion}.{" "}
        <Link to={`/o/${orgId}/exercises/${a.exerciseId}`}>Edit the exercise</Link>, publish it, then regrade: every
        submitted answer is kept and marked again with the new key; only scores that change are changed, and those
        students are told.
      </p>
      {newer.length ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            start.submit();
          }}
          className="row"
        >
          <Select label="Version to use" value={String(chosen)} onChange={(e) => setTarget(e.target.value)}>
            {newer.map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </Select>
          <button type="submit" className="primary" disabled={start.pending || running}>
            Regrade with version {chosen}
          </button>
        </form>
      ) : (
        <p>No newer published version yet.</p>
      )}
      <FormAlert error={start.formError} />
      {jobId ? <RegradeProgress orgId={orgId} assignmentId={a.id} regradeId={jobId} onFinished={finish} /> : null}
    </section>
  );
}

function ResponsesGrid({ orgId, assignmentId }: { orgId: string; assignmentId: string }) {
  const query = useOrgQuery<Grid>(orgId, `/assignments/${assignmentId}/responses`);
  const [sort, setSort] = useState<"name" | "score">("name");
  const rows = useMemo(() => {
    const list = [...(query.data?.items ?? [])];
    if (sort === "score") list.sort((x, y) => (y.score ?? -1) - (x.score ?? -1));
    return list;
  }, [query.data, sort]);
  return (
    <section aria-labelledby="grid-title">
      <h2 id="grid-title">Responses</h2>
      <p className="muted">
        One row per submitted attempt, one column per question: the points and the answer as the student gave it. Open a
        row to review that attempt and change a score.{" "}
        <a href={`/api/v1/orgs/${orgId}/assignments/${assignmentId}/responses?format=csv`}>Download as CSV</a>
      </p>
      <Select label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as "name" | "score")}>
        <option value="name">Name</option>
        <option value="score">Score, highest first</option>
      </Select>
      <QueryState query={query}>
        {(grid) =>
          grid.items.length ? (
            <div className="table-wrap">
              <table className="responses-grid">
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Score</th>
                    {grid.columns.map((c) => (
                      <th scope="col" key={c.itemId} title={c.name}>
                        {c.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.attemptId}>
                      <th scope="row">
                        <Link to={`/o/${orgId}/attempts/${r.attemptId}`}>
                          {r.student.name}
                          {r.number > 1 ? ` (attempt ${r.number})` : ""}
                        </Link>
                      </th>
                      <td>{r.pending ? "waiting for your grade" : `${fmt(r.score ?? 0)} / ${fmt(r.maxScore)}`}</td>
                      {grid.columns.map((c) => {
                        const cell = r.cells[c.itemId];
                        if (!cell) return <td key={c.itemId}>—</td>;
                        return (
                          <td key={c.itemId} className={`verdict-${cell.verdict}`}>
                            <span className="visually-hidden">{VERDICT_WORD[cell.verdict]}: </span>
                            {cell.verdict === "pending" ? "…" : fmt(cell.score)}
                            {cell.overridden ? "*" : ""} <span className="muted">{cell.answer || "—"}</span>
                            {cell.categories.length ? (
                              <span className="muted"> ({cell.categories.join(", ").replaceAll("_", " ")})</span>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted">* a score you set yourself.</p>
            </div>
          ) : (
            <Empty>Nobody has submitted yet.</Empty>
          )
        }
      </QueryState>
    </section>
  );
}

export default function AssignmentReview({ orgId, assignmentId }: { orgId: string; assignmentId: string }) {
  const assignment = useOrgQuery<AssignmentDto>(orgId, `/assignments/${assignmentId}`);
  return (
    <QueryState query={assignment}>
      {(a) => (
        <div className="stack">
          <h1>
            {a.title} <span className="muted">v{a.exerciseVersion}</span>
          </h1>
          <p className="muted">
            Due {formatDate(a.dueAt)} · <Link to={`/o/${orgId}/assignments/${a.id}/statistics`}>Statistics</Link> ·{" "}
            <Link to={`/o/${orgId}/assignments/${a.id}/grading`}>Grading</Link>
          </p>
          <ResponsesGrid orgId={orgId} assignmentId={assignmentId} />
          <FixAndRegrade orgId={orgId} a={a} />
          <Settings orgId={orgId} a={a} />
          <Extensions orgId={orgId} a={a} />
        </div>
      )}
    </QueryState>
  );
}
