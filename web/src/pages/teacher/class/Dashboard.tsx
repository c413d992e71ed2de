import type { DashboardDto } from "../../../api/dto.ts";
import { useOrgQuery } from "../../../api/hooks.ts";
import { formatDate, pct } from "../../../components/format.ts";
import { Empty, QueryState } from "../../../components/states.tsx";
import { Link } from "../../../router.tsx";
import { FLAG_TEXT } from "../flags.ts";

export function Dashboard({ orgId, classId }: { orgId: string; classId: string }) {
  const query = useOrgQuery<DashboardDto>(orgId, `/classes/${classId}/dashboard`);
  return (
    <section aria-labelledby="dash-title">
      <h2 id="dash-title">Dashboard</h2>
      <QueryState query={query}>
        {(d) => (
          <>
            <div className="grid">
              <div className="card">
                <p className="muted">Completion</p>
                <p className="join-code">{pct(d.completion)}</p>
              </div>
              <div className="card">
                <p className="muted">Average score</p>
                <p className="join-code">{pct(d.averageScore)}</p>
              </div>
              <div className="card">
                <p className="muted">Late submissions</p>
                <p className="join-code">{d.lateCount ?? d.lateWork?.length ?? 0}</p>
              </div>
            </div>
            <h3>Students at risk</h3>
            {d.studentsAtRisk?.length ? (
              <ul>
                {d.studentsAtRisk.map((s) => (
                  <li key={s.userId}>
                    <Link to={`/o/${orgId}/students/${s.userId}/progress`}>{s.name}</Link>
                    {s.reason ? ` — ${s.reason}` : ""}
                    {s.averageScore !== undefined && s.averageScore !== null ? ` (average ${pct(s.averageScore)})` : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No student is at risk right now.</Empty>
            )}
            <h3>Questions to review</h3>
            {d.itemsToReview?.length ? (
              <ul>
                {d.itemsToReview.map((it) => (
                  <li key={`${it.assignmentId}-${it.itemId}`}>
                    <Link to={`/o/${orgId}/assignments/${it.assignmentId}/statistics`}>
                      {it.title ?? it.prompt ?? it.itemId}
                    </Link>
                    : {it.flags.map((f) => FLAG_TEXT[f] ?? f).join(" ")}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No question needs attention.</Empty>
            )}
            {d.lateWork?.length ? (
              <>
                <h3>Late work</h3>
                <ul>
                  {d.lateWork.map((l) => (
                    <li key={`${l.assignmentId}-${l.studentName}-${l.submittedAt}`}>
                      {l.studentName}: {l.title}, submitted {formatDate(l.submittedAt)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {d.computedAt ? <p className="muted">Computed at {formatDate(d.computedAt)}.</p> : null}
          </>
        )}
      </QueryState>
    </section>
  );
}
