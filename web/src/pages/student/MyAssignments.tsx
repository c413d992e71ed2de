import type { AttemptDto, MyAssignmentDto, Page } from "@languagecloud/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client.ts";
import { formatDate } from "../../components/format.ts";
import { Empty, QueryState } from "../../components/states.tsx";
import { navigate } from "../../router.tsx";

const STATUS_LABEL: Record<MyAssignmentDto["status"], string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Done",
  late: "Late",
  missed: "Missed",
};

function group(a: MyAssignmentDto, now: number): "open" | "due" | "done" {
  if (a.status === "submitted" || a.status === "missed") return "done";
  if (a.dueAt && new Date(a.dueAt).getTime() - now < 3 * 24 * 3600 * 1000) return "due";
  return "open";
}

function AssignmentRow({ a, orgId }: { a: MyAssignmentDto; orgId: string }) {
  const qc = useQueryClient();
  const start = useMutation({
    mutationFn: () => api<AttemptDto>(`/orgs/${orgId}/assignments/${a.id}/attempts`, { method: "POST" }),
    onSuccess: (attempt) => {
      qc.setQueryData(["attempt", attempt.id], attempt);
      navigate(`/o/${orgId}/attempts/${attempt.id}`);
    },
  });
  const notOpen = a.opensAt !== null && new Date(a.opensAt).getTime() > Date.now();
  const canStart = !notOpen && a.attemptsUsed < a.maxAttempts && a.status !== "missed";
  return (
    <li className="card">
      <div className="row spread">
        <h3>{a.title}</h3>
        <span className={`badge ${a.status}`}>{STATUS_LABEL[a.status]}</span>
      </div>
      <p className="muted">
        {a.className} · {a.dueAt ? `due ${formatDate(a.dueAt)}` : "no due date"}
        {notOpen ? ` · opens ${formatDate(a.opensAt)}` : ""} · attempts {a.attemptsUsed} of {a.maxAttempts}
      </p>
      {a.score !== null ? (
        <p>
          Best score: <strong>{Math.round(a.score * 100) / 100}</strong> / {a.maxScore}
        </p>
      ) : null}
      <div className="row">
        {a.attemptId ? (
          <button type="button" className="primary" onClick={() => navigate(`/o/${orgId}/attempts/${a.attemptId}`)}>
            Continue<span className="visually-hidden"> {a.title}</span>
          </button>
        ) : canStart ? (
          <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {start.isPending ? "Starting…" : a.attemptsUsed ? "Try again" : "Start"}
            <span className="visually-hidden"> {a.title}</span>
          </button>
        ) : null}
        {a.lastAttemptId && !a.attemptId ? (
          <button type="button" onClick={() => navigate(`/o/${orgId}/attempts/${a.lastAttemptId}`)}>
            See result<span className="visually-hidden"> of {a.title}</span>
          </button>
        ) : null}
      </div>
      {start.isError ? (
        <p className="form-alert" role="alert">
          {errorMessage(start.error)}
        </p>
      ) : null}
    </li>
  );
}

export default function MyAssignments({ orgId }: { orgId: string }) {
  const query = useQuery({
    queryKey: ["my-assignments", orgId],
    queryFn: () => api<Page<MyAssignmentDto> | MyAssignmentDto[]>(`/orgs/${orgId}/me/assignments`),
  });
  return (
    <section aria-labelledby="my-title">
      <h1 id="my-title">My assignments</h1>
      <QueryState query={query}>
        {(data) => {
          const list = Array.isArray(data) ? data : data.items;
          if (!list.length) return <Empty>No assignments yet. Your teacher will add them to your class.</Empty>;
          const now = Date.now();
          const groups = { due: [] as MyAssignmentDto[], open: [] as MyAssignmentDto[], done: [] as MyAssignmentDto[] };
          for (const a of list) groups[group(a, now)].push(a);
          const titles = { due: "Due soon", open: "Open", done: "Done" } as const;
          return (["due", "open", "done"] as const).map((g) =>
            groups[g].length ? (
              <section key={g} aria-labelledby={`g-${g}`}>
                <h2 id={`g-${g}`}>
                  {titles[g]} ({groups[g].length})
                </h2>
                <ul className="plain">
                  {groups[g].map((a) => (
                    <AssignmentRow key={a.id} a={a} orgId={orgId} />
                  ))}
                </ul>
              </section>
            ) : null,
          );
        }}
      </QueryState>
    </section>
  );
}
