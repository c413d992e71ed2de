import type { ExerciseSummaryDto, Page } from "@languagecloud/domain";
import { LEVELS, SKILLS } from "@languagecloud/domain/content/schema";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, qs } from "../../api/client.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, ErrorState, FormAlert, Loading } from "../../components/states.tsx";
import { Link, navigate, useLocation } from "../../router.tsx";

const FILTERS = ["q", "level", "skill", "tag", "status"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** An empty library offers the example exercise (the demo's), published and ready to assign. */
function StartWithExamples({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="card">
      <p>Your library is empty. Start with an example exercise you can assign today, edit, or copy from.</p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await api(`/orgs/${orgId}/exercises/examples`, { method: "POST" });
            await qc.invalidateQueries({ queryKey: ["org", orgId] });
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? "Loading examples…" : "Start with examples"}
      </button>
      <FormAlert error={error} />
    </div>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export default function Library({ orgId }: { orgId: string }) {
  // The filters live in the address (back button, shared links): the URL is read once, then kept in step.
  const { path, search } = useLocation();
  const [filters, setFilters] = useState<Filters>(
    () => Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? ""])) as Filters,
  );
  const debounced = useDebounced(filters, 300);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });
  useEffect(() => {
    const params = new URLSearchParams();
    for (const k of FILTERS) if (debounced[k]) params.set(k, debounced[k]);
    const next = params.toString();
    navigate(next ? `${path}?${next}` : path, { replace: true, keepScroll: true });
  }, [debounced, path]);
  const filtered = FILTERS.some((k) => filters[k]);
  const query = useInfiniteQuery({
    queryKey: ["org", orgId, "exercises", debounced],
    queryFn: ({ pageParam, signal }) =>
      api<Page<ExerciseSummaryDto>>(`/orgs/${orgId}/exercises${qs({ ...debounced, cursor: pageParam, limit: 25 })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="lib-title">
      <div className="row spread">
        <h1 id="lib-title">Content library</h1>
        <div className="row">
          <Link className="button primary" to={`/o/${orgId}/exercises/new`}>
            New exercise
          </Link>
          <Link className="button" to={`/o/${orgId}/imports`}>
            Import
          </Link>
        </div>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not in the JSX typings yet */}
      <div role="search">
        <form className="filters card" onSubmit={(e) => e.preventDefault()} aria-label="Search and filter exercises">
          <Field label="Search" type="search" value={filters.q} onChange={set("q")} placeholder="Title, text…" />
          <Select label="Level" value={filters.level} onChange={set("level")}>
            <option value="">Any level</option>
            {LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </Select>
          <Select label="Skill" value={filters.skill} onChange={set("skill")}>
            <option value="">Any skill</option>
            {SKILLS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
          <Field label="Tag" value={filters.tag} onChange={set("tag")} />
          <Select label="Status" value={filters.status} onChange={set("status")}>
            <option value="">Drafts and published</option>
            <option value="draft">Draft</option>
            <option value="published">Published</option>
            <option value="archived">Archived</option>
          </Select>
        </form>
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => query.refetch()} />
      ) : !rows.length && !filtered ? (
        <StartWithExamples orgId={orgId} />
      ) : !rows.length ? (
        <Empty>
          No exercises match. <Link to={`/o/${orgId}/exercises/new`}>Write one</Link> or{" "}
          <Link to={`/o/${orgId}/imports`}>import a file</Link>.
        </Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Exercises</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Level</th>
                  <th scope="col">Skills and tags</th>
                  <th scope="col" className="num">
                    Items
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((ex) => (
                  <tr key={ex.id}>
                    <td>
                      <Link to={`/o/${orgId}/exercises/${ex.id}`}>{ex.title}</Link>
                    </td>
                    <td>{ex.level ?? "—"}</td>
                    <td>{[...ex.skills, ...ex.tags.map((t) => `#${t}`)].join(", ") || "—"}</td>
                    <td className="num">{ex.itemCount}</td>
                    <td>
                      <span className={`badge ${ex.status}`}>{ex.status}</span>
                      {ex.latestVersion ? <span className="muted"> v{ex.latestVersion}</span> : null}
                    </td>
                    <td>{formatDate(ex.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {query.hasNextPage ? (
            <p>
              <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? "Loading…" : "Show more"}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
