/** The organization's teaching experiments (methodology.md §2): each with its question and status. */
import type { ClassDto, Page } from "@languagecloud/domain";
import type { ExperimentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { formatDate } from "../../../components/format.ts";
import { Empty, QueryState } from "../../../components/states.tsx";
import { Link } from "../../../router.tsx";

const STATUS: Record<ExperimentDto["status"], { label: string; className: string }> = {
  draft: { label: "Draft", className: "badge draft" },
  running: { label: "Running", className: "badge running" },
  closed: { label: "Closed", className: "badge published" },
};

export function StatusBadge({ status }: { status: ExperimentDto["status"] }) {
  const s = STATUS[status];
  return <span className={s.className}>{s.label}</span>;
}

export function whenOf(e: ExperimentDto): string {
  if (e.status === "closed") return `closed ${formatDate(e.closedAt)}`;
  if (e.status === "running") return `started ${formatDate(e.startedAt)}`;
  return `created ${formatDate(e.createdAt)}, not started`;
}

export default function ExperimentList({ orgId }: { orgId: string }) {
  const query = useOrgQuery<Page<ExperimentDto>>(orgId, "/experiments?limit=200");
  const classes = useOrgQuery<Page<ClassDto>>(orgId, "/classes");
  const className = new Map(itemsOf(classes.data).map((c) => [c.id, c.name]));
  return (
    <section aria-labelledby="experiments-title">
      <h1 id="experiments-title">Experiments</h1>
      <p>
        Does teaching it one way work better than another? Give two classes (or the students within them) different
        variants, the same post-test afterwards, and read an honest answer.
      </p>
      <p>
        <Link to={`/o/${orgId}/experiments/new`} className="button primary">
          New experiment
        </Link>
      </p>
      <QueryState query={query}>
        {(page) => {
          const list = itemsOf(page);
          if (!list.length) return <Empty>No experiments yet.</Empty>;
          return (
            <ul className="plain experiment-list">
              {list.map((e) => (
                <li key={e.id} className="card">
                  <h2>
                    <Link to={`/o/${orgId}/experiments/${e.id}`}>{e.name}</Link> <StatusBadge status={e.status} />
                  </h2>
                  {e.question ? <p>{e.question}</p> : null}
                  <p className="muted">
                    {e.variants.map((v) => v.name).join(" vs ")} ·{" "}
                    {e.classIds.map((c) => className.get(c) ?? "a class").join(", ")} · {whenOf(e)}
                  </p>
                  {e.status !== "draft" ? (
                    <Link to={`/o/${orgId}/experiments/${e.id}/results`}>
                      Results<span className="visually-hidden"> of {e.name}</span>
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          );
        }}
      </QueryState>
    </section>
  );
}
