import type { CalibrationDto } from "../../api/dto.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { num } from "../../components/format.ts";
import { Empty, QueryState } from "../../components/states.tsx";

/**
 * The statistics page's "Difficulty on the class scale": this exercise version's items from the class calibration
 * (methodology.md §3), which, unlike facility, does not depend on which students happened to take it.
 */
export function ItemDifficulty({
  orgId,
  classId,
  exerciseId,
  version,
  itemLabel,
}: {
  orgId: string;
  classId: string;
  exerciseId: string;
  version: number;
  itemLabel: (id: string) => string | undefined;
}) {
  const query = useOrgQuery<CalibrationDto>(orgId, `/classes/${classId}/calibration`, { refetchInterval: 15_000 });
  return (
    <section aria-labelledby="difficulty-title">
      <h2 id="difficulty-title">Difficulty on the class scale</h2>
      <QueryState query={query}>
        {(cal) => {
          const items = cal.items.filter((i) => i.exerciseId === exerciseId && i.version === version);
          if (!cal.computedAt) return <Empty>The class scale is being computed; it appears here in a moment.</Empty>;
          if (cal.problem) return <Empty>The class scale could not be computed: {cal.problem}.</Empty>;
          if (!items.length) return <Empty>No first attempts on this exercise in the class scale yet.</Empty>;
          return (
            <>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone; the keyboard must reach it (WCAG 2.1.1) */}
              <section className="table-wrap" tabIndex={0} aria-labelledby="difficulty-title">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Item</th>
                      <th scope="col" className="num">
                        Difficulty
                      </th>
                      <th scope="col" className="num">
                        ± (95 %)
                      </th>
                      <th scope="col" className="num">
                        Infit
                      </th>
                      <th scope="col" className="num">
                        Outfit
                      </th>
                      <th scope="col">Note</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((i) => (
                      <tr key={i.item}>
                        <th scope="row">{itemLabel(i.item) ?? i.item}</th>
                        <td className="num">{num(i.difficulty)}</td>
                        <td className="num">{i.se === null ? "—" : num(1.96 * i.se)}</td>
                        <td className="num">{num(i.infit)}</td>
                        <td className="num">{num(i.outfit)}</td>
                        <td>
                          {i.extreme
                            ? i.right === 0
                              ? "Nobody got it right: no place on the scale yet"
                              : "Everybody got it right: no place on the scale yet"
                            : i.unlinked
                              ? "Answered by students who share no other questions with the class"
                              : (i.infit ?? 1) > 1.3
                                ? "Behaves unlike the other questions"
                                : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <p className="muted">
                Difficulty in logits on one scale for all of this class's exercises (0 is the average question; +1 is
                clearly harder). From {cal.n} students' first attempts. Infit and outfit near 1 mean the question
                behaves like the rest; well above 1.3, look at how it is worded.
              </p>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
