import type { Page } from "@languagecloud/domain";
import { useMemo, useState } from "react";
import type { PatternPersonDto, PatternPlaceDto, PatternsDto, StudentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { ChartCanvas, PALETTE } from "../../../components/Chart.tsx";
import { Select } from "../../../components/Field.tsx";
import { Empty, QueryState } from "../../../components/states.tsx";
import { categoryLabel } from "../../../player/ItemResult.tsx";
import { Link } from "../../../router.tsx";

const names = (who: PatternPersonDto[] | undefined, max = 6) => {
  const list = (who ?? []).map((p) => (p.count > 1 ? `${p.name} (×${p.count})` : p.name));
  return list.length > max ? `${list.slice(0, max).join(", ")} and ${list.length - max} more` : list.join(", ");
};

/** A place a mistake comes from, linked to that item on its assignment's statistics page. */
function PlaceLink({ orgId, place, gap }: { orgId: string; place: PatternPlaceDto; gap?: string | null }) {
  return (
    <Link to={`/o/${orgId}/assignments/${place.assignmentId}/statistics#item-${place.item}`}>
      {place.name}
      {gap ? ` (gap ${gap})` : ""}
    </Link>
  );
}

function PatternsView({
  data,
  orgId,
  itemLabel,
}: {
  data: PatternsDto;
  orgId: string;
  itemLabel?: (id: string) => string | undefined;
}) {
  const cats = useMemo(
    () => [...data.categories].filter((c) => c.category !== "blank").sort((a, b) => b.count - a.count),
    [data],
  );
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
  const blanks = data.blanks?.parts ?? [];
  return (
    <>
      {cats.length ? (
        <>
          <ChartCanvas
            config={config}
            label={`Mistakes by category: ${cats.map((c) => `${categoryLabel(c.category)} ${c.count}`).join(", ")}`}
          />
          <ul className="plain patterns-list" aria-label="Mistakes by category">
            {cats.map((c) => (
              <li key={c.category} className="card">
                <h3>
                  {categoryLabel(c.category)}{" "}
                  <span className="muted">
                    {c.count} {c.count === 1 ? "time" : "times"}, {c.students}{" "}
                    {c.students === 1 ? "student" : "students"}
                  </span>
                </h3>
                {c.examples.length ? (
                  <p>
                    {c.examples
                      .slice(0, 3)
                      .map(
                        (e) => `“${e.actual ?? "—"}” for “${e.expected ?? "—"}”${e.count > 1 ? ` (×${e.count})` : ""}`,
                      )
                      .join("; ")}
                  </p>
                ) : null}
                {c.who?.length ? <p>Who: {names(c.who)}</p> : null}
                {c.places?.length ? (
                  <p>
                    In:{" "}
                    {c.places.slice(0, 4).map((p, k) => (
                      <span key={`${p.assignmentId}-${p.item}`}>
                        {k ? "; " : ""}
                        <PlaceLink orgId={orgId} place={p} /> ({p.count})
                      </span>
                    ))}
                  </p>
                ) : c.items.length ? (
                  <p className="muted">
                    In:{" "}
                    {c.items
                      .slice(0, 3)
                      .map((i) => `${itemLabel?.(i.item) ?? `item ${i.item}`} (${i.count})`)
                      .join("; ")}
                  </p>
                ) : null}
                <p>
                  Practise this:{" "}
                  {(c.skills ?? []).map((skill) => (
                    <span key={skill}>
                      <Link to={`/o/${orgId}/library?skill=${encodeURIComponent(skill)}`}>exercises on {skill}</Link>
                      {" · "}
                    </span>
                  ))}
                  <Link to={`/o/${orgId}/library?tag=${encodeURIComponent(c.category)}`}>
                    exercises tagged “{c.category.replace(/_/g, " ")}”
                  </Link>
                </p>
              </li>
            ))}
          </ul>
          <p className="muted">
            {data.total} {data.total === 1 ? "mistake" : "mistakes"} in {data.responses}{" "}
            {data.responses === 1 ? "answer" : "answers"}.
          </p>
        </>
      ) : (
        <Empty>No mistakes recorded yet.</Empty>
      )}
      <h3>Left unanswered</h3>
      <p className="muted">
        Not a mistake: the student wrote nothing. Many blanks on one question often mean it was unclear or came too late
        in the time.
      </p>
      {blanks.length ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone; the keyboard must reach it (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label="Left unanswered">
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col" className="num">
                  Blanks
                </th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {blanks.map((b) => (
                <tr key={`${b.assignmentId}-${b.item}-${b.part ?? ""}`}>
                  <th scope="row">
                    <PlaceLink orgId={orgId} place={b} gap={b.part} />
                  </th>
                  <td className="num">{b.count}</td>
                  <td>{names(b.who, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <Empty>Every question was answered.</Empty>
      )}
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
      <QueryState query={query}>
        {(data) => <PatternsView data={data} orgId={orgId} itemLabel={itemLabel} />}
      </QueryState>
    </section>
  );
}
