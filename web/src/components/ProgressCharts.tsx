import { useMemo, useState } from "react";
import type { ProgressDto, ProgressSeriesDto } from "../api/dto.ts";
import { ChartCanvas, PALETTE } from "./Chart.tsx";
import { pct } from "./format.ts";
import { Empty } from "./states.tsx";

const GROUPS = [
  { key: "skills", label: "By skill" },
  { key: "levels", label: "By level" },
  { key: "tags", label: "By tag" },
] as const;

function SeriesChart({ series, title }: { series: ProgressSeriesDto[]; title: string }) {
  const config = useMemo(() => {
    const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort();
    return {
      type: "line" as const,
      data: {
        labels: dates,
        datasets: series.map((s, i) => {
          const byDate = new Map(s.points.map((p) => [p.period, p.share === null ? null : p.share * 100]));
          return {
            label: s.key,
            data: dates.map((d) => byDate.get(d) ?? null),
            borderColor: PALETTE[i % PALETTE.length],
            backgroundColor: PALETTE[i % PALETTE.length],
            spanGaps: true,
          };
        }),
      },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "score %" } } } },
    };
  }, [series]);
  const latest = series.map((s) => `${s.key} ${pct(s.points[s.points.length - 1]?.share)}`).join(", ");
  return (
    <>
      <ChartCanvas config={config} label={`${title}. Latest: ${latest}`} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">
                First
              </th>
              <th scope="col" className="num">
                Latest
              </th>
              <th scope="col" className="num">
                Periods
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.key}>
                <td>{s.key}</td>
                <td className="num">{pct(s.points[0]?.share)}</td>
                <td className="num">{pct(s.points[s.points.length - 1]?.share)}</td>
                <td className="num">{s.points.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ProgressCharts({ data }: { data: ProgressDto }) {
  const [group, setGroup] = useState<(typeof GROUPS)[number]["key"]>("skills");
  const series = data[group] ?? [];
  const label = GROUPS.find((g) => g.key === group)?.label ?? "";
  return (
    <>
      <fieldset className="tabs plain-fieldset">
        <legend className="visually-hidden">Group progress</legend>
        {GROUPS.map((g) => (
          <button
            key={g.key}
            type="button"
            aria-pressed={group === g.key}
            className={group === g.key ? "primary" : undefined}
            onClick={() => setGroup(g.key)}
          >
            {g.label}
          </button>
        ))}
      </fieldset>
      {series.length ? (
        <SeriesChart series={series} title={`Progress ${label.toLowerCase()}`} />
      ) : (
        <Empty>No results yet.</Empty>
      )}
      <p className="muted">
        From {data.responses} graded {data.responses === 1 ? "answer" : "answers"}, by {data.period}.
      </p>
    </>
  );
}
