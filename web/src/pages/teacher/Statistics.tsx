import type { AssignmentDto, ExerciseVersionDto, Item } from "@languagecloud/domain";
import { useMemo, useState } from "react";
import type { AssignmentStatisticsDto, ItemStatisticsDto } from "../../api/dto.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { ChartCanvas, PALETTE } from "../../components/Chart.tsx";
import { Select } from "../../components/Field.tsx";
import { formatDate, num, pct } from "../../components/format.ts";
import { Empty, QueryState } from "../../components/states.tsx";
import { categoryLabel } from "../../player/ItemResult.tsx";
import { Link } from "../../router.tsx";
import { Patterns } from "./class/Patterns.tsx";
import { FLAG_SHORT, FLAG_TEXT } from "./flags.ts";
import { ItemDifficulty } from "./ItemDifficulty.tsx";

/** What the statistics don't carry (they name items and options by id): prompts, option texts, right options. */
export interface ItemInfo {
  label: string;
  prompt: string;
  options: Map<string, { text: string; right: boolean }>;
}

/** The prompt as one line of text: gaps as blanks, without Markdown's emphasis marks. */
const plain = (s: string) =>
  s
    .replace(/\[\[[^\]]+\]\]/g, "_____")
    .replace(/[*#>`]/g, "")
    .replace(/\s+/g, " ")
    .trim();

export function itemInfo(items: readonly Item[]): Map<string, ItemInfo> {
  const out = new Map<string, ItemInfo>();
  let n = 0;
  items.forEach((it, i) => {
    const id = it.id ?? `q${i + 1}`;
    if (it.type !== "description") n++;
    const options = new Map<string, { text: string; right: boolean }>();
    if (it.type === "multiple_choice") {
      it.options.forEach((o, k) => {
        options.set(o.id ?? String(k), { text: o.text, right: o.fraction > 0 });
      });
    } else if (it.type === "true_false") {
      options.set("true", { text: "True", right: it.answer === true });
      options.set("false", { text: "False", right: it.answer === false });
    }
    const prompt = plain(it.prompt);
    out.set(id, { label: it.title ? `${n}. ${it.title}` : `Question\u00a0${n}`, prompt, options });
  });
  return out;
}

function OptionChart({ item, info }: { item: ItemStatisticsDto; info: ItemInfo | undefined }) {
  const dist = item.options;
  const options = dist?.options ?? [];
  const config = useMemo(() => {
    const labels = options.map((o) => {
      const known = info?.options.get(o.option);
      return known ? `${known.text}${known.right ? " ✓" : ""}`.slice(0, 32) : o.option;
    });
    const datasets = [
      { label: "All students", data: options.map((o) => (o.share ?? 0) * 100), backgroundColor: PALETTE[0] },
      { label: "Top 27 %", data: options.map((o) => (o.topShare ?? 0) * 100), backgroundColor: PALETTE[2] },
      { label: "Bottom 27 %", data: options.map((o) => (o.bottomShare ?? 0) * 100), backgroundColor: PALETTE[1] },
    ];
    return {
      type: "bar" as const,
      data: { labels, datasets },
      options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "% of students" } } } },
    };
  }, [options, info]);
  const name = (id: string) => info?.options.get(id)?.text ?? id;
  if (!dist) return null;
  return (
    <>
      <ChartCanvas
        config={config}
        height={220}
        label={`Option choices: ${options.map((o) => `${name(o.option)} ${pct(o.share)}`).join(", ")}`}
      />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Option distribution</caption>
          <thead>
            <tr>
              <th scope="col">Option</th>
              <th scope="col" className="num">
                All
              </th>
              <th scope="col" className="num">
                Top 27 %
              </th>
              <th scope="col" className="num">
                Bottom 27 %
              </th>
            </tr>
          </thead>
          <tbody>
            {options.map((o) => (
              <tr key={o.option}>
                <td>
                  {info?.options.get(o.option)?.text ?? o.option}{" "}
                  {info?.options.get(o.option)?.right ? <strong>(right)</strong> : null}
                </td>
                <td className="num">
                  {pct(o.share)} ({o.count})
                </td>
                <td className="num">{pct(o.topShare)}</td>
                <td className="num">{pct(o.bottomShare)}</td>
              </tr>
            ))}
            {dist.blank.count ? (
              <tr>
                <td>
                  <em>No answer</em>
                </td>
                <td className="num">
                  {pct(dist.blank.share)} ({dist.blank.count})
                </td>
                <td className="num">{pct(dist.blank.topShare)}</td>
                <td className="num">{pct(dist.blank.bottomShare)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ItemDetail({ item, info }: { item: ItemStatisticsDto; info: ItemInfo | undefined }) {
  return (
    <section className="card" aria-labelledby={`item-${item.item}`}>
      <h3 id={`item-${item.item}`}>{info?.label ?? `Item ${item.item}`}</h3>
      {info?.prompt ? <p className="muted">{info.prompt.slice(0, 200)}</p> : null}
      {item.flags.length ? (
        <ul>
          {item.flags.map((f) => (
            <li key={f}>{FLAG_TEXT[f] ?? f}</li>
          ))}
        </ul>
      ) : (
        <p>No problems found with this item.</p>
      )}
      {item.options?.options.length ? <OptionChart item={item} info={info} /> : null}
      {item.responseGroups?.length ? (
        <div className="table-wrap">
          <table>
            <caption>Answers given</caption>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col">Verdict</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {item.responseGroups.map((g) => (
                <tr key={g.response}>
                  <td>{g.response || <em>(blank)</em>}</td>
                  <td className="num">{g.count}</td>
                  <td>{g.verdict.replace(/_/g, " ")}</td>
                  <td>{g.categories.map(categoryLabel).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function StatsView({ stats, info }: { stats: AssignmentStatisticsDto; info: Map<string, ItemInfo> }) {
  const t = stats.test;
  const max = t.maxScore || null;
  const share = (v: number | null) => (max && v !== null ? ` (${pct(v / max)})` : "");
  if (!t.n) return <Empty>No submitted attempts yet. The figures appear within seconds of the first submission.</Empty>;
  return (
    <>
      <p className="muted" role="status">
        Computed at {formatDate(stats.computedAt)} from {t.n} {t.n === 1 ? "attempt" : "attempts"}.
        {stats.fresh ? "" : " Answer details are being recomputed and will update in a few seconds."}
      </p>
      <h2>The test</h2>
      <div className="table-wrap narrow">
        <table>
          <tbody>
            <tr>
              <th scope="row">Mean</th>
              <td>
                {num(t.mean)}
                {share(t.mean)}
              </td>
            </tr>
            <tr>
              <th scope="row">Median</th>
              <td>
                {num(t.median)}
                {share(t.median)}
              </td>
            </tr>
            <tr>
              <th scope="row">Standard deviation</th>
              <td>
                {num(t.sd)}
                {share(t.sd)}
              </td>
            </tr>
            <tr>
              <th scope="row">Skewness</th>
              <td>{num(t.skewness)}</td>
            </tr>
            <tr>
              <th scope="row">Kurtosis</th>
              <td>{num(t.kurtosis)}</td>
            </tr>
            <tr>
              <th scope="row">Reliability (Cronbach's α)</th>
              <td>
                {pct(t.cic, 1)}{" "}
                {t.cic !== null && t.cic < 0.7 ? "— below 70 %: the scores are not very consistent" : ""}
              </td>
            </tr>
            <tr>
              <th scope="row">Error ratio</th>
              <td>{pct(t.errorRatio, 1)}</td>
            </tr>
            <tr>
              <th scope="row">Standard error</th>
              <td>{num(t.standardError)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>Items</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                n
              </th>
              <th scope="col" className="num">
                Facility
              </th>
              <th scope="col" className="num">
                SD
              </th>
              <th scope="col" className="num">
                Guess score
              </th>
              <th scope="col" className="num">
                Intended weight
              </th>
              <th scope="col" className="num">
                Effective weight
              </th>
              <th scope="col" className="num">
                Discrimination
              </th>
              <th scope="col" className="num">
                Efficiency
              </th>
              <th scope="col">Flags</th>
            </tr>
          </thead>
          <tbody>
            {stats.items.map((i) => (
              <tr key={i.item}>
                <th scope="row">
                  <a href={`#item-${i.item}`}>{info.get(i.item)?.label ?? i.item}</a>
                </th>
                <td className="num">{i.n}</td>
                <td className="num">{pct(i.facility, 1)}</td>
                <td className="num">{pct(i.sd, 1)}</td>
                <td className="num">{pct(i.randomGuessScore, 1)}</td>
                <td className="num">{pct(i.intendedWeight, 1)}</td>
                <td className="num">{pct(i.effectiveWeight, 1)}</td>
                <td className="num">{pct(i.discriminationIndex, 1)}</td>
                <td className="num">{pct(i.discriminativeEfficiency, 1)}</td>
                <td>{i.flags.map((f) => FLAG_SHORT[f] ?? f).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details>
        <summary>What these figures mean</summary>
        <ul>
          <li>Facility: the average score on the item as a share of its maximum (how easy it is).</li>
          <li>
            Discrimination: how well the item separates students who do well on the rest of the test from those who
            don't (above 30 % is good).
          </li>
          <li>Efficiency: discrimination compared with the best this item could reach.</li>
          <li>Guess score: what a random answer would score on average.</li>
          <li>Effective weight: how much the item actually contributes to the spread of the totals.</li>
        </ul>
      </details>
      {stats.items.map((i) => (
        <ItemDetail key={i.item} item={i} info={info.get(i.item)} />
      ))}
    </>
  );
}

export default function Statistics({ orgId, assignmentId }: { orgId: string; assignmentId: string }) {
  const [attempts, setAttempts] = useState("first");
  const assignment = useOrgQuery<AssignmentDto>(orgId, `/assignments/${assignmentId}`);
  const a = assignment.data;
  const version = useOrgQuery<ExerciseVersionDto>(orgId, `/exercises/${a?.exerciseId}/versions/${a?.exerciseVersion}`, {
    enabled: !!a,
  });
  const info = useMemo(() => itemInfo(version.data?.content.items ?? []), [version.data]);
  const query = useOrgQuery<AssignmentStatisticsDto>(
    orgId,
    `/assignments/${assignmentId}/statistics?attempts=${attempts}`,
    {
      refetchInterval: 5_000,
    },
  );
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">Statistics{assignment.data ? `: ${assignment.data.title}` : ""}</h1>
      {assignment.data ? (
        <p>
          <Link to={`/o/${orgId}/classes/${assignment.data.classId}`}>Back to the class</Link> ·{" "}
          <Link to={`/o/${orgId}/assignments/${assignmentId}/grading`}>Grading</Link>
        </p>
      ) : null}
      <Select label="Attempts counted" value={attempts} onChange={(e) => setAttempts(e.target.value)}>
        <option value="first">Each student's first attempt</option>
        <option value="last">Each student's last attempt</option>
        <option value="best">Each student's best attempt</option>
        <option value="all">All attempts</option>
      </Select>
      <QueryState query={query}>{(stats) => <StatsView stats={stats} info={info} />}</QueryState>
      {a ? (
        <ItemDifficulty
          orgId={orgId}
          classId={a.classId}
          exerciseId={a.exerciseId}
          version={a.exerciseVersion}
          itemLabel={(id) => info.get(id)?.label}
        />
      ) : null}
      <Patterns
        orgId={orgId}
        path={`/assignments/${assignmentId}/patterns`}
        classId={a?.classId}
        itemLabel={(id) => info.get(id)?.label}
      />
    </section>
  );
}
