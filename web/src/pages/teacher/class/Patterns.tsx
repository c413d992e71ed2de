import type { Page } from "@languagecloud/domain";
import { useMemo, useState } from "react";
import type { PatternsDto, StudentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { ChartCanvas, PALETTE } from "../../../components/Chart.tsx";
import { Select } from "../../../components/Field.tsx";
import { formatDate } from "../../../components/format.ts";
import { Empty, QueryState } from "../../../components/states.tsx";
import { categoryLabel } from "../../../player/ItemResult.tsx";

function PatternsView({ data }: { data: PatternsDto }) {
  const cats = useMemo(() => [...data.categories].sort((a, b) => b.count - a.count), [data]);
  const config = useMemo(
    () => ({
      type: "bar" as const,
      data: {
        labels: cats.map((c) => categoryLabel(c.category)),
        datasets: [{ label: "Mistakes", data: cats.map((c) => c.count), backgroundColor: PALETTE[0] }],
      },
      options: { indexAxis: "y" as const, plugins: { legend: { display: false } } },
    }),
    [cats],
  );
  if (!cats.length) return <Empty>No mistakes recorded yet.</Empty>;
  return (
    <>
      <ChartCanvas
        config={config}
        label={`Mistakes by category: ${cats.map((c) => `${categoryLabel(c.category)} ${c.count}`).join(", ")}`}
      />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Mistakes by category</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col">Examples</th>
            </tr>
          </thead>
          <tbody>
            {cats.map((c) => (
              <tr key={c.category}>
                <td>{categoryLabel(c.category)}</td>
                <td className="num">{c.count}</td>
                <td>
                  {(c.examples ?? [])
                    .slice(0, 3)
                    .map((e) => `“${e.actual ?? "—"}” for “${e.expected ?? "—"}”`)
                    .join("; ") || "—"}
                  {c.items?.length ? (
                    <div className="muted">
                      In:{" "}
                      {c.items
                        .map((i) => i.prompt ?? i.itemId)
                        .slice(0, 3)
                        .join("; ")}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.computedAt ? <p className="muted">Computed at {formatDate(data.computedAt)}.</p> : null}
    </>
  );
}

/** Error patterns of a class (or an assignment), for everyone or one student. */
export function Patterns({ orgId, path, classId }: { orgId: string; path: string; classId?: string }) {
  const [student, setStudent] = useState("");
  const students = useOrgQuery<Page<StudentDto>>(orgId, `/classes/${classId}/students`, { enabled: !!classId });
  const query = useOrgQuery<PatternsDto>(orgId, `${path}${student ? `?userId=${encodeURIComponent(student)}` : ""}`);
  return (
    <section aria-labelledby="patterns-title">
      <h2 id="patterns-title">Error patterns</h2>
      {classId ? (
        <Select label="Student" value={student} onChange={(e) => setStudent(e.target.value)}>
          <option value="">Whole class</option>
          {itemsOf(students.data).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      ) : null}
      <QueryState query={query}>{(data) => <PatternsView data={data} />}</QueryState>
    </section>
  );
}
