import type { Page } from "@languagecloud/domain";
import { useMemo, useState } from "react";
import type { PatternsDto, StudentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { ChartCanvas, PALETTE } from "../../../components/Chart.tsx";
import { Select } from "../../../components/Field.tsx";
import { Empty, QueryState } from "../../../components/states.tsx";
import { categoryLabel } from "../../../player/ItemResult.tsx";

function PatternsView({ data, itemLabel }: { data: PatternsDto; itemLabel?: (id: string) => string | undefined }) {
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
              <th scope="col" className="num">
                Students
              </th>
              <th scope="col">Examples</th>
            </tr>
          </thead>
          <tbody>
            {cats.map((c) => (
              <tr key={c.category}>
                <td>{categoryLabel(c.category)}</td>
                <td className="num">{c.count}</td>
                <td className="num">{c.students}</td>
                <td>
                  {c.examples
                    .slice(0, 3)
                    .map((e) => `“${e.actual ?? "—"}” for “${e.expected ?? "—"}”${e.count > 1 ? ` (×${e.count})` : ""}`)
                    .join("; ") || "—"}
                  {c.items.length ? (
                    <div className="muted">
                      In:{" "}
                      {c.items
                        .slice(0, 3)
                        .map((i) => `${itemLabel?.(i.item) ?? `item ${i.item}`} (${i.count})`)
                        .join("; ")}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {data.total} {data.total === 1 ? "mistake" : "mistakes"} in {data.responses}{" "}
        {data.responses === 1 ? "answer" : "answers"}.
      </p>
    </>
  );
}

/** Error patterns of a class (or an assignment), for everyone or one student. */
export function Patterns({
  orgId,
  path,
  classId,
  itemLabel,
}: {
  orgId: string;
  path: string;
  classId?: string;
  itemLabel?: (id: string) => string | undefined;
}) {
  const [student, setStudent] = useState("");
  const students = useOrgQuery<Page<StudentDto>>(orgId, `/classes/${classId}/students`, { enabled: !!classId });
  const query = useOrgQuery<PatternsDto>(orgId, `${path}${student ? `?studentId=${encodeURIComponent(student)}` : ""}`);
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
      <QueryState query={query}>{(data) => <PatternsView data={data} itemLabel={itemLabel} />}</QueryState>
    </section>
  );
}
