/**
 * The Versions view of an exercise (methodology.md §1): two published versions side by side, changed items
 * marked, each item's difference in facility with its 95 % interval drawn as a bar, and the error mix before/after.
 */
import {
  type ExerciseDto,
  type ExerciseVersionDto,
  type Item,
  type ItemComparison,
  isRealDifference,
  MIN_ATTEMPTS_FOR_DIFFERENCE,
  type Page,
  type VersionComparison,
} from "@languagecloud/domain";
import { useState } from "react";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Select } from "../../components/Field.tsx";
import { num, pct } from "../../components/format.ts";
import { Empty, QueryState } from "../../components/states.tsx";
import { categoryLabel } from "../../player/ItemResult.tsx";
import { Link } from "../../router.tsx";

const points = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(Math.round(v * 100))}`;

/** What the difference means, in one sentence a teacher can act on. */
export function differenceVerdict(c: ItemComparison): string {
  if (c.status === "added") return "New in this version: nothing to compare it with.";
  if (c.status === "removed") return "Removed in this version.";
  const d = c.facilityDiff;
  const nFrom = c.from?.n ?? 0;
  const nTo = c.to?.n ?? 0;
  if (nFrom < MIN_ATTEMPTS_FOR_DIFFERENCE || nTo < MIN_ATTEMPTS_FOR_DIFFERENCE)
    return `Not enough data: ${nFrom} and ${nTo} attempts; ${MIN_ATTEMPTS_FOR_DIFFERENCE} on each side are needed to tell.`;
  if (!d) return "No difference to measure: every attempt scored the same on both versions.";
  const range = `95 % interval ${points(d.low)} to ${points(d.high)} points`;
  if (isRealDifference(c))
    return `${d.estimate > 0 ? "Easier" : "Harder"} in the newer version: ${points(d.estimate)} points of facility (${range}). A difference this large is unlikely to be chance.`;
  return `No clear difference: ${points(d.estimate)} points (${range}); the interval includes no change.`;
}

/** The interval as a bar on a −100…+100 point axis, 0 marked. */
function DifferenceBar({ c }: { c: ItemComparison }) {
  const d = c.facilityDiff;
  if (!d) return null;
  const x = (v: number) => 50 + Math.max(-1, Math.min(1, v)) * 50;
  const real = isRealDifference(c);
  return (
    <svg
      viewBox="0 0 100 14"
      width="100%"
      height="28"
      role="img"
      aria-label={`Difference ${points(d.estimate)} points, interval ${points(d.low)} to ${points(d.high)}`}
      preserveAspectRatio="none"
    >
      <line x1="50" x2="50" y1="0" y2="14" stroke="#555" strokeWidth="0.4" />
      <rect
        x={x(d.low)}
        width={Math.max(0.6, x(d.high) - x(d.low))}
        y="4"
        height="6"
        fill={real ? (d.estimate > 0 ? "#15803d" : "#b91c1c") : "#8a8a8a"}
        opacity="0.6"
      />
      <line x1={x(d.estimate)} x2={x(d.estimate)} y1="2" y2="12" stroke="#111" strokeWidth="0.8" />
    </svg>
  );
}

function Categories({ counts }: { counts: Record<string, number> | undefined }) {
  const entries = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return <span className="muted">no errors</span>;
  return <>{entries.map(([c, n]) => `${categoryLabel(c)} ${n}`).join(", ")}</>;
}

function promptOf(items: readonly Item[] | undefined, id: string): string {
  const it = items?.find((i) => i.id === id);
  return it ? it.prompt.replace(/\s+/g, " ").trim() || it.type.replace(/_/g, " ") : "—";
}

function Comparison({
  orgId,
  exerciseId,
  from,
  to,
  policy,
  versions,
}: {
  orgId: string;
  exerciseId: string;
  from: number;
  to: number;
  policy: string;
  versions: ExerciseVersionDto[];
}) {
  const q = useOrgQuery<VersionComparison>(
    orgId,
    `/exercises/${exerciseId}/versions/compare?from=${from}&to=${to}&attempts=${policy}`,
  );
  const itemsA = versions.find((v) => v.version === from)?.content.items;
  const itemsB = versions.find((v) => v.version === to)?.content.items;
  return (
    <QueryState query={q}>
      {(cmp) => (
        <>
          <p>
            Version {cmp.from.version}: {cmp.from.attempts} attempts in {cmp.from.assignments} assignments · Version{" "}
            {cmp.to.version}: {cmp.to.attempts} attempts in {cmp.to.assignments} assignments.
          </p>
          <p className="muted">
            Facility is the share of the points students got on an item. The bar shows how much it changed from version{" "}
            {cmp.from.version} to {cmp.to.version} (the middle line is no change) and the range the true change likely
            lies in (95 % interval). A change counts only when that range excludes zero and both versions have at least{" "}
            {MIN_ATTEMPTS_FOR_DIFFERENCE} attempts.
          </p>
          {cmp.items.length === 0 ? <Empty>These versions have no items.</Empty> : null}
          <ol className="version-items">
            {cmp.items.map((c) => (
              <li key={c.item} className="card">
                <h3>
                  {c.item}{" "}
                  {c.status !== "same" ? (
                    <span className="badge draft">{c.status}</span>
                  ) : c.changed ? (
                    <span className="badge draft">changed</span>
                  ) : (
                    <span className="badge">unchanged</span>
                  )}
                </h3>
                <div className="side-by-side">
                  <div>
                    <h4>Version {cmp.from.version}</h4>
                    <p>{c.status === "added" ? "—" : promptOf(itemsA, c.item)}</p>
                    <p>
                      Facility {pct(c.from?.facility)} · {c.from?.n ?? 0} attempts · discrimination{" "}
                      {num(c.from?.discrimination)}
                    </p>
                    <p>
                      Errors: <Categories counts={c.from?.categories} />
                    </p>
                  </div>
                  <div>
                    <h4>Version {cmp.to.version}</h4>
                    <p>{c.status === "removed" ? "—" : promptOf(itemsB, c.item)}</p>
                    <p>
                      Facility {pct(c.to?.facility)} · {c.to?.n ?? 0} attempts · discrimination{" "}
                      {num(c.to?.discrimination)}
                    </p>
                    <p>
                      Errors: <Categories counts={c.to?.categories} />
                    </p>
                  </div>
                </div>
                <DifferenceBar c={c} />
                <p className="verdict">{differenceVerdict(c)}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </QueryState>
  );
}

export default function ExerciseVersions({ orgId, exerciseId }: { orgId: string; exerciseId: string }) {
  const exercise = useOrgQuery<ExerciseDto>(orgId, `/exercises/${exerciseId}`);
  const versionsQ = useOrgQuery<Page<ExerciseVersionDto>>(orgId, `/exercises/${exerciseId}/versions?limit=200`);
  const [choice, setChoice] = useState<{ from?: number; to?: number }>({});
  const [policy, setPolicy] = useState("first");
  return (
    <section>
      <h1>Versions{exercise.data ? `: ${exercise.data.title}` : ""}</h1>
      <p>
        <Link to={`/o/${orgId}/exercises/${exerciseId}`}>Back to the exercise</Link>
      </p>
      <QueryState query={versionsQ}>
        {(page) => {
          const versions = itemsOf(page);
          if (versions.length < 2)
            return <Empty>Publish a second version to compare it with the first (fixing a key does too).</Empty>;
          const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
          const to = choice.to ?? numbers[numbers.length - 1]!;
          const from = choice.from ?? numbers[numbers.length - 2]!;
          const options = numbers.map((n) => (
            <option key={n} value={String(n)}>
              Version {n}
            </option>
          ));
          return (
            <>
              <div className="row">
                <Select
                  label="Compare"
                  value={String(from)}
                  onChange={(e) => setChoice({ from: Number(e.target.value), to })}
                >
                  {options}
                </Select>
                <Select
                  label="with"
                  value={String(to)}
                  onChange={(e) => setChoice({ from, to: Number(e.target.value) })}
                >
                  {options}
                </Select>
                <Select label="Attempts counted" value={policy} onChange={(e) => setPolicy(e.target.value)}>
                  <option value="first">First attempt</option>
                  <option value="last">Last attempt</option>
                  <option value="best">Best attempt</option>
                  <option value="all">All attempts</option>
                </Select>
              </div>
              <Comparison
                orgId={orgId}
                exerciseId={exerciseId}
                from={from}
                to={to}
                policy={policy}
                versions={versions}
              />
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
