import { useMemo } from "react";
import type { ItemBreakdownDto } from "../../../api/dto.ts";
import { ChartCanvas, PALETTE } from "../../../components/Chart.tsx";
import { pct } from "../../../components/format.ts";

const PART_WORD = { pairs: "Left side", positions: "Position", words: "Word" } as const;
const CAPTION = {
  pairs: "What students matched with each left side",
  positions: "What students put in each position",
  words: "Which words students marked",
} as const;

/** Matching, ordering and mark-the-words answers part by part: a bar of who got each part right, then the table. */
export function Breakdown({ b }: { b: ItemBreakdownDto }) {
  const config = useMemo(
    () => ({
      type: "bar" as const,
      data: {
        labels: b.parts.map((p) => p.label.slice(0, 24)),
        datasets: [
          {
            label: "% right",
            data: b.parts.map((p) => (b.n ? (p.right / b.n) * 100 : 0)),
            backgroundColor: PALETTE[2],
          },
        ],
      },
      options: {
        indexAxis: "y" as const,
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 100, title: { display: true, text: "% of students right" } } },
      },
    }),
    [b],
  );
  if (!b.n || !b.parts.length) return null;
  return (
    <>
      <ChartCanvas
        config={config}
        height={Math.max(120, 28 * b.parts.length + 60)}
        label={`${CAPTION[b.kind]}: ${b.parts.map((p) => `${p.label} ${pct(p.right / b.n)} right`).join(", ")}`}
      />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone; the keyboard must reach it (WCAG 2.1.1) */}
      <section className="table-wrap" tabIndex={0} aria-label={CAPTION[b.kind]}>
        <table>
          <caption>{CAPTION[b.kind]}</caption>
          <thead>
            <tr>
              <th scope="col">{PART_WORD[b.kind]}</th>
              <th scope="col">Right answer</th>
              <th scope="col" className="num">
                Right
              </th>
              <th scope="col">Other answers</th>
              <th scope="col" className="num">
                Left empty
              </th>
            </tr>
          </thead>
          <tbody>
            {b.parts.map((p) => {
              const wrong = p.answers.filter((a) => !a.right);
              return (
                <tr key={p.part}>
                  <th scope="row">{p.label}</th>
                  <td>{p.expected}</td>
                  <td className="num">
                    {p.right} ({pct(p.right / b.n)})
                  </td>
                  <td>{wrong.map((a) => `${a.answer} (${a.count})`).join(", ") || "—"}</td>
                  <td className="num">{p.blank}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}
