import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../../api/client.ts";
import { useOrgQuery } from "../../../api/hooks.ts";
import { pct } from "../../../components/format.ts";
import { Empty, QueryState } from "../../../components/states.tsx";
import { categoryLabel } from "../../../player/ItemResult.tsx";

interface ReteachDto {
  classId: string;
  items: {
    skill: string | null;
    category: string;
    students: { count: number; names: string[] };
    share: number;
    trend: "rising" | "falling" | "steady" | null;
    examples: string[];
    items: { exerciseId: string; version: number; item: string }[];
    suggestions: { exerciseId: string; title: string; level: string | null; because: string }[];
  }[];
}
interface PracticeCountsDto {
  skills: { skill: string | null; cards: number; due: number; done: number; retained: number }[];
}

const TREND = { rising: "↑ more this week", falling: "↓ fewer this week", steady: "→ about the same" } as const;

/** The class page's "What to reteach" (methodology.md §4) and the class's practice counts per skill. */
export function Reteach({ orgId, classId }: { orgId: string; classId: string }) {
  const query = useOrgQuery<ReteachDto>(orgId, `/classes/${classId}/reteach`);
  const practice = useOrgQuery<PracticeCountsDto>(orgId, `/classes/${classId}/practice`);
  const qc = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);

  async function assign(exerciseId: string, title: string) {
    setMessage(null);
    try {
      await api(`/orgs/${orgId}/assignments`, { method: "POST", body: { exerciseId, classId, feedback: "immediate" } });
      setMessage(`Assigned “${title}” to the class.`);
      await qc.invalidateQueries({ queryKey: ["org", orgId] });
    } catch (e) {
      setMessage(errorMessage(e));
    }
  }

  return (
    <section aria-labelledby="reteach-title">
      <h2 id="reteach-title">What to reteach</h2>
      <p className="muted">
        The mistakes most students still make (in their last three answers on the skill), recent answers counting more.
        Share is how often the skill's answers show the mistake.
      </p>
      {/* Always in the page, so that a screen reader announces what is written into it. */}
      <p role="status">{message ?? ""}</p>
      <QueryState query={query}>
        {(data) =>
          data.items.length ? (
            <ol className="reteach-list">
              {data.items.map((e) => (
                <li key={`${e.skill} ${e.category}`} className="card">
                  <h3>
                    {categoryLabel(e.category)}
                    {e.skill ? <span className="muted"> · {e.skill}</span> : null}
                  </h3>
                  <p>
                    {e.students.count} {e.students.count === 1 ? "student" : "students"} ({e.students.names.join(", ")})
                    · {pct(e.share)} of answers{e.trend ? ` · ${TREND[e.trend]}` : ""}
                  </p>
                  {e.examples.length ? <p>Examples: {e.examples.map((x) => `“${x}”`).join(", ")}</p> : null}
                  {e.suggestions.length ? (
                    <ul className="plain">
                      {e.suggestions.map((s) => (
                        <li key={s.exerciseId}>
                          <button type="button" onClick={() => assign(s.exerciseId, s.title)}>
                            Assign “{s.title}”
                          </button>{" "}
                          <span className="muted">({s.because})</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted">No unassigned library exercise with this skill or tag.</p>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <Empty>No mistakes to reteach yet: they appear once students have submitted work.</Empty>
          )
        }
      </QueryState>
      <h2>Practice</h2>
      <p className="muted">
        Each student practises their own mistakes. Due: waiting now. Done: practised at least once. Retained: right on
        the latest practice.
      </p>
      <QueryState query={practice}>
        {(data) =>
          data.skills.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Skill</th>
                    <th scope="col" className="num">
                      Cards
                    </th>
                    <th scope="col" className="num">
                      Due
                    </th>
                    <th scope="col" className="num">
                      Done
                    </th>
                    <th scope="col" className="num">
                      Retained
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.skills.map((s) => (
                    <tr key={s.skill ?? ""}>
                      <td>{s.skill ?? "no skill"}</td>
                      <td className="num">{s.cards}</td>
                      <td className="num">{s.due}</td>
                      <td className="num">{s.done}</td>
                      <td className="num">{s.retained}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No practice cards yet.</Empty>
          )
        }
      </QueryState>
    </section>
  );
}
