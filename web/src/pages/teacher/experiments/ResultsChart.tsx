/**
 * The experiment's charts in SVG: per variant the spread of its post-test scores (how many students scored around
 * each tenth) with the mean and its 95 % interval below, on one 0–100 point axis; and each comparison's difference
 * with its interval against a zero line. Each has a text alternative that says the same figures.
 */
import type { ExperimentComparison } from "@languagecloud/domain";
import { useId } from "react";
import { PALETTE } from "../../../components/Chart.tsx";
import type { ExperimentResultsDto } from "./verdict.ts";
import { isClearDifference, points } from "./verdict.ts";

const WIDTH = 360;
const LEFT = 24;
const RIGHT = WIDTH - 24;
const ROW = 84;
const BARS = 34;
const x = (share: number) => LEFT + Math.max(0, Math.min(1, share)) * (RIGHT - LEFT);

function describeVariant(v: ExperimentResultsDto["variants"][number]): string {
  const o = v.outcome;
  if (o.mean === null) return `${v.name}: no post-tests yet.`;
  const interval = o.low === null || o.high === null ? "" : `, 95 % interval ${points(o.low)} to ${points(o.high)}`;
  return `${v.name}: mean ${points(o.mean)} points${interval}, from ${o.n} post-tests.`;
}

export function ScoresChart({ results }: { results: ExperimentResultsDto }) {
  const id = useId();
  const variants = results.variants;
  const tallest = Math.max(1, ...variants.flatMap((v) => v.outcome.distribution));
  const height = variants.length * ROW + 34;
  const slot = (RIGHT - LEFT) / 10;
  return (
    <figure className="experiment-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="scores-chart"
      >
        <title id={`${id}-title`}>Post-test scores per variant, out of 100 points</title>
        <desc id={`${id}-desc`}>{variants.map(describeVariant).join(" ")}</desc>
        {variants.map((v, i) => {
          const top = i * ROW;
          const base = top + 18 + BARS;
          const color = PALETTE[i % PALETTE.length]!;
          const o = v.outcome;
          return (
            <g key={v.id}>
              <text x={LEFT - 16} y={top + 12} className="chart-label">
                {v.name} ({o.n})
              </text>
              {o.distribution.map((count, k) =>
                count ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the tenth is the identity of a bar
                  <g key={k}>
                    <rect
                      x={x(k / 10) - slot * 0.4}
                      width={slot * 0.8}
                      y={base - (count / tallest) * BARS}
                      height={(count / tallest) * BARS}
                      fill={color}
                      opacity="0.35"
                    />
                    <text x={x(k / 10)} y={base - (count / tallest) * BARS - 2} className="chart-count">
                      {count}
                    </text>
                  </g>
                ) : null,
              )}
              <line x1={LEFT - 12} x2={RIGHT + 12} y1={base} y2={base} stroke="#8a8f98" strokeWidth="0.5" />
              {o.mean !== null ? (
                <g>
                  {o.low !== null && o.high !== null ? (
                    <>
                      <line
                        x1={x(o.low)}
                        x2={x(o.high)}
                        y1={base + 12}
                        y2={base + 12}
                        stroke="#1d1f23"
                        strokeWidth="2"
                      />
                      <line x1={x(o.low)} x2={x(o.low)} y1={base + 7} y2={base + 17} stroke="#1d1f23" strokeWidth="2" />
                      <line
                        x1={x(o.high)}
                        x2={x(o.high)}
                        y1={base + 7}
                        y2={base + 17}
                        stroke="#1d1f23"
                        strokeWidth="2"
                      />
                    </>
                  ) : null}
                  <circle cx={x(o.mean)} cy={base + 12} r="4.5" fill={color} stroke="#1d1f23" strokeWidth="1" />
                </g>
              ) : null}
            </g>
          );
        })}
        {[0, 20, 40, 60, 80, 100].map((t) => (
          <g key={t}>
            <line x1={x(t / 100)} x2={x(t / 100)} y1={height - 30} y2={height - 25} stroke="#555b66" strokeWidth="1" />
            <text x={x(t / 100)} y={height - 13} className="chart-tick">
              {t}
            </text>
          </g>
        ))}
        <text x={WIDTH / 2} y={height - 1} className="chart-tick">
          points on the post-test
        </text>
      </svg>
      <figcaption className="muted">
        Bars: how many students scored around each mark (rounded to 10 points). Dot and line: the average score and its
        95 % interval, the range the average of all such students likely lies in. Intervals that overlap a lot mean the
        variants may not differ.
      </figcaption>
    </figure>
  );
}

/** A comparison's difference (points) and interval on an axis symmetric around zero. */
export function DifferenceChart({ c, label }: { c: ExperimentComparison; label: string }) {
  if (c.estimate === null || c.low === null || c.high === null) return null;
  const reach = Math.max(0.1, Math.abs(c.low), Math.abs(c.high)) * 1.15;
  const dx = (v: number) => WIDTH / 2 + (v / reach) * (WIDTH / 2 - 24);
  const clear = isClearDifference(c);
  const color = clear ? (c.estimate > 0 ? "#15803d" : "#b91c1c") : "#6b7280";
  const edge = Math.round(reach * 100);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} 48`}
      width="100%"
      role="img"
      aria-label={`${label}: difference ${points(c.estimate)} points, 95 % interval ${points(c.low)} to ${points(c.high)}; the middle line is no difference`}
      className="difference-chart"
    >
      <line x1={dx(0)} x2={dx(0)} y1="0" y2="30" stroke="#555b66" strokeWidth="1" strokeDasharray="3 2" />
      <rect x={dx(c.low)} width={Math.max(1, dx(c.high) - dx(c.low))} y="9" height="12" fill={color} opacity="0.3" />
      <line x1={dx(c.estimate)} x2={dx(c.estimate)} y1="5" y2="25" stroke={color} strokeWidth="3" />
      <text x={dx(-reach) + 10} y="44" className="chart-tick">
        −{edge}
      </text>
      <text x={dx(0)} y="44" className="chart-tick">
        0
      </text>
      <text x={dx(reach) - 10} y="44" className="chart-tick">
        +{edge}
      </text>
    </svg>
  );
}
