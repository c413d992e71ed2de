import type { DashboardDto } from "../../../api/dto.ts";
import { useOrgQuery } from "../../../api/hooks.ts";
import { formatDate, pct } from "../../../components/format.ts";
import { Empty, QueryState } from "../../../components/states.tsx";
import { Link } from "../../../router.tsx";
import { FLAG_SHORT } from "../flags.ts";

/** Completion and average over the assignments (each assignment counts once). */
function overall(d: DashboardDto) {
  const mean = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return {
    completion: mean(d.assignments.map((a) => a.completion)),
    averageScore: mean(d.assignments.map((a) => a.averageScore)),
  };
}

export function Dashboard({ orgId, classId }: { orgId: string; classId: string }) {
  const query = useOrgQuery<DashboardDto>(orgId, `/classes/${classId}/dashboard`, { refetchInterval: 30_000 });
  return (
    <section aria-labelledby="dash-title">
      <h2 id="dash-title">Dashboard</h2>
      <QueryState query={query}>
        {(d) => {
          const o = overall(d);
          const titleOf = new Map(d.assignments.map((a) => [a.assignmentId, a.title]));
          return (
            <>
              <div className="grid">
                <div className="card">
                  <p className="muted">Students</p>
                  <p className="figure">{d.students}</p>
                </div>
                <div className="card">
                  <p className="muted">Completion</p>
                  <p className="figure">{pct(o.completion)}</p>
                </div>
                <div className="card">
                  <p className="muted">Average score</p>
                  <p className="figure">{pct(o.averageScore)}</p>
                </div>
                <div className="card">
                  <p className="muted">Late submissions</p>
                  <p className="figure">{d.late.length}</p>
                </div>
              </div>
              {d.assignments.length ? (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">Assignments</caption>
                    <thead>
                      <tr>
                        <th scope="col">Assignment</th>
                        <th scope="col">Due</th>
                        <th scope="col" className="num">
                          Submitted
                        </th>
                        <th scope="col" className="num">
                          Average
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.assignments.map((a) => (
                        <tr key={a.assignmentId}>
                          <th scope="row">
                            <Link to={`/o/${orgId}/assignments/${a.assignmentId}/statistics`}>{a.title}</Link>
                          </th>
                          <td>{a.dueAt ? formatDate(a.dueAt) : "—"}</td>
                          <td className="num">
                            {a.submitted} / {a.students}
                          </td>
                          <td className="num">{pct(a.averageScore)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              <h3>Students at risk</h3>
              {d.atRisk.length ? (
                <ul>
                  {d.atRisk.map((s) => (
                    <li key={s.userId}>
                      <Link to={`/o/${orgId}/students/${s.userId}/progress`}>{s.name}</Link> — {s.reason}
                    </li>
                  ))}
                </ul>
              ) : (
                <Empty>No student is at risk right now.</Empty>
              )}
              <p className="muted">Rule: {d.atRiskRule}.</p>
              <h3>Questions to review</h3>
              {d.itemsToReview.length ? (
                <ul>
                  {d.itemsToReview.map((it) => (
                    <li key={`${it.assignmentId}-${it.item}`}>
                      <Link to={`/o/${orgId}/assignments/${it.assignmentId}/statistics#item-${it.item}`}>
                        {it.assignmentTitle}: {it.name ?? `item ${it.item}`}
                      </Link>
                      : {it.flags.map((f) => FLAG_SHORT[f] ?? f).join(", ")} (facility {pct(it.facility)})
                    </li>
                  ))}
                </ul>
              ) : (
                <Empty>No question needs attention.</Empty>
              )}
              {d.late.length ? (
                <>
                  <h3>Late work</h3>
                  <ul>
                    {d.late.map((l) => (
                      <li key={`${l.assignmentId}-${l.userId}`}>
                        {l.name}: {titleOf.get(l.assignmentId) ?? "an assignment"}, submitted{" "}
                        {formatDate(l.submittedAt)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {d.missing.length ? (
                <>
                  <h3>Missing work</h3>
                  <ul>
                    {d.missing.map((m) => (
                      <li key={`${m.assignmentId}-${m.userId}`}>
                        {m.name}: {titleOf.get(m.assignmentId) ?? "an assignment"}, was due {formatDate(m.dueAt)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <p className="muted">Computed at {formatDate(d.computedAt)}.</p>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
