import type { ExerciseSummaryDto, Page } from "@languagecloud/domain";
import { LEVELS, SKILLS } from "@languagecloud/domain/content/schema";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, qs } from "../../api/client.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { Link } from "../../router.tsx";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export default function Library({ orgId }: { orgId: string }) {
  const [filters, setFilters] = useState({ q: "", level: "", skill: "", tag: "", status: "" });
  const debounced = useDebounced(filters, 300);
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });
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
