import { useMemo } from "react";
import type { ScalePointDto } from "../api/dto.ts";
import { ChartCanvas, PALETTE } from "./Chart.tsx";
import { formatDate, num } from "./format.ts";
import { Empty } from "./states.tsx";

/** 95 % of the time the true ability lies within about two standard errors of the estimate. */
const Z = 1.96;

/**
 * Ability per skill on the calibrated scale, each point with its 95 % interval (a shaded band), and the same
 * figures as a table. Unlike score shares, an easier exercise does not raise these estimates by itself.
 */
export function ScaleChart({ points }: { points: ScalePointDto[] }) {
  const skills = useMemo(() => [...new Set(points.map((p) => p.skill))].sort(), [points]);
  const config = useMemo(() => {
    const dates = [...new Set(points.map((p) => p.at))].sort();
    const datasets = skills.flatMap((skill, i) => {
      const color = PALETTE[i % PALETTE.length]!;
      const by = new Map(points.filter((p) => p.skill === skill).map((p) => [p.at, p]));
      const series = (f: (p: ScalePointDto) => number) => dates.map((d) => (by.has(d) ? f(by.get(d)!) : null));
      return [
        {
          label: `${skill} upper`,
          data: series((p) => p.ability + Z * p.se),
          borderColor: "transparent",
          pointRadius: 0,
          spanGaps: true,
          fill: false,
        },
        {
          label: `${skill} lower`,
          data: series((p) => p.ability - Z * p.se),
          borderColor: "transparent",
          backgroundColor: `${color}22`,
          pointRadius: 0,
          spanGaps: true,
          fill: "-1" as const,
        },
        { label: skill, data: series((p) => p.ability), borderColor: color, backgroundColor: color, spanGaps: true },
      ];
    });
    return {
      type: "line" as const,
      data: { labels: dates.map((d) => formatDate(d)), datasets },
      options: {
        plugins: { legend: { labels: { filter: (l: { text: string }) => !/ (upper|lower)$/.test(l.text) } } },
        scales: { y: { title: { display: true, text: "ability (logits)" } } },
      },
    };
  }, [points, skills]);
  if (!points.length)
    return (
      <Empty>
        No place on the scale yet: it needs the class's calibration, which comes once a few students have answered the
        same items.
      </Empty>
    );
  const summary = skills
    .map((s) => {
      const last = points.filter((p) => p.skill === s).at(-1)!;
      return `${s} ${num(last.ability)} ± ${num(Z * last.se)}`;
    })
    .join(", ");
  return (
    <>
      <ChartCanvas config={config as never} label={`Ability on the calibrated scale. Latest: ${summary}`} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Ability on the calibrated scale per skill and attempt</caption>
          <thead>
            <tr>
              <th scope="col">Skill</th>
              <th scope="col">Date</th>
              <th scope="col" className="num">
                Ability
              </th>
              <th scope="col" className="num">
                95 % interval
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={`${p.skill} ${p.at}`}>
                <td>{p.skill}</td>
                <td>{formatDate(p.at)}</td>
                <td className="num">{num(p.ability)}</td>
                <td className="num">
                  {num(p.ability - Z * p.se)} to {num(p.ability + Z * p.se)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Ability is placed on the same scale as the difficulty of the questions (Rasch model), so a rise means the
        student answered harder questions correctly, not just that an exercise was easier. The shaded band is the 95 %
        interval: two points whose bands overlap a lot may not differ at all. Few answers give wide bands.
      </p>
    </>
  );
}
