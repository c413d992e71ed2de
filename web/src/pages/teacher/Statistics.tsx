import type { AssignmentDto, ExerciseVersionDto, Item } from "@languagecloud/domain";
import { useEffect, useMemo, useState } from "react";
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
import { RegradeProgress } from "./RegradeProgress.tsx";
import { AcceptAnswer, acceptableAnswers } from "./statistics/AcceptAnswer.tsx";
import { Breakdown } from "./statistics/Breakdown.tsx";
import { ITEM_FIGURES, TEST_FIGURES } from "./statistics/explain.ts";
import { Figures } from "./statistics/Figures.tsx";

/** What the statistics don't carry (they name items and options by id): prompts, option texts, right options. */
export interface ItemInfo {
  label: string;
  prompt: string;
  options: Map<string, { text: string; right: boolean }>;
  /** The item itself: which answers it accepts already. */
  item: Item;
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
    out.set(id, { label: it.title ? `${n}. ${it.title}` : `Question\u00a0${n}`, prompt, options, item: it });
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

/** An item's card: its figures explained, then what students answered (options, typed answers, parts). */
function ItemDetail({
  item,
  info,
  orgId,
  assignmentId,
}: {
  item: ItemStatisticsDto;
  info: ItemInfo | undefined;
  orgId: string;
  assignmentId: string;
}) {
  const f = (key: keyof typeof ITEM_FIGURES, label: string) => {
    const value = item[key as keyof ItemStatisticsDto] as number | null;
    return { key, label, value, shown: pct(value, 1), explain: ITEM_FIGURES[key] };
  };
  const title = info?.label ?? item.name ?? `Item ${item.item}`;
  const [accepted, setAccepted] = useState<{ regradeId: string | null; text: string } | null>(null);
  return (
    // tabIndex -1: the dashboard's and the table's links move the focus here, not only the scroll.
    <section
      className="card item-detail"
      id={`item-${item.item}`}
      tabIndex={-1}
      aria-labelledby={`item-${item.item}-title`}
    >
      <h3 id={`item-${item.item}-title`}>{title}</h3>
      {info?.prompt ? <p className="muted">{info.prompt.slice(0, 200)}</p> : null}
      {accepted ? (
        <div className="notice">
          <p>
            “{accepted.text}” is now a right answer
            {accepted.regradeId ? "; the class is being regraded." : " (it was already)."}
          </p>
          {accepted.regradeId ? (
            <RegradeProgress orgId={orgId} assignmentId={assignmentId} regradeId={accepted.regradeId} />
          ) : null}
        </div>
      ) : null}
      {item.flags.length ? (
        <ul>
          {item.flags.map((f) => (
            <li key={f}>
              {FLAG_TEXT[f] ?? f}
              {item.tentative ? " (tentative: few attempts so far)" : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>No problems found with this item.</p>
      )}
      <details>
        <summary>
          Figures for this question, explained ({item.n} {item.n === 1 ? "answer" : "answers"})
        </summary>
        <Figures
          rows={[
            f("facility", "Facility"),
            f("discriminationIndex", "Discrimination"),
            f("discriminativeEfficiency", "Discriminative efficiency"),
            f("sd", "Standard deviation"),
            f("randomGuessScore", "Random guess score"),
            f("intendedWeight", "Intended weight"),
            f("effectiveWeight", "Effective weight"),
          ]}
        />
      </details>
      {item.options?.options.length ? <OptionChart item={item} info={info} /> : null}
      {item.breakdown ? <Breakdown b={item.breakdown} /> : null}
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
              {item.responseGroups.map((g) => {
                const acceptable = g.verdict === "incorrect" ? acceptableAnswers(info?.item, g.response) : [];
                return (
                  <tr key={g.response}>
                    <td>{g.response || <em>(blank)</em>}</td>
                    <td className="num">{g.count}</td>
                    <td>{g.verdict.replace(/_/g, " ")}</td>
                    <td>
                      {g.categories.map(categoryLabel).join(", ") || "—"}
                      {acceptable.map((a) => (
                        <div key={`${a.gapId ?? ""}:${a.text}`} className="accept">
                          <AcceptAnswer
                            orgId={orgId}
                            assignmentId={assignmentId}
                            itemId={item.item}
                            answer={a}
                            onAccepted={(regradeId, text) => setAccepted({ regradeId, text })}
                          />
                        </div>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** Moves the view and the keyboard focus to the item the address names (`#item-q4`), once it is on the page. */
function useFocusItemFromHash(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const go = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id.startsWith("item-")) return;
      const el = document.getElementById(id);
      if (!el) return;
      el.scrollIntoView?.({ block: "start" });
      el.focus({ preventScroll: true });
    };
    go();
    // In-app links (the patterns' "In: …") change the address by pushState and then scroll to the top: go after.
    const later = () => setTimeout(go, 0);
    window.addEventListener("hashchange", go);
    window.addEventListener("popstate", later);
    return () => {
      window.removeEventListener("hashchange", go);
      window.removeEventListener("popstate", later);
    };
  }, [ready]);
}

function StatsView({
  stats,
  info,
  orgId,
  assignmentId,
}: {
  stats: AssignmentStatisticsDto;
  info: Map<string, ItemInfo>;
  orgId: string;
  assignmentId: string;
}) {
  const t = stats.test;
  const max = t.maxScore || null;
  const share = (v: number | null) => (max && v !== null ? v / max : null);
  const points = (v: number | null) => (v === null ? "—" : `${num(v)} of ${max ?? "—"} points (${pct(share(v))})`);
  useFocusItemFromHash(t.n > 0);
  const pending = stats.pendingAttempts ?? 0;
  const pendingNote = pending
    ? ` ${pending} submitted ${pending === 1 ? "attempt waits" : "attempts wait"} for your grade and ${pending === 1 ? "is" : "are"} not counted yet (as on the dashboard and in the gradebook).`
    : "";
  if (!t.n)
    return (
      <Empty>No graded attempts yet. The figures appear within seconds of the first submission.{pendingNote}</Empty>
    );
  return (
    <>
      <p className="muted" role="status">
        Computed at {formatDate(stats.computedAt)} from {t.n} {t.n === 1 ? "attempt" : "attempts"}.
        {stats.fresh ? "" : " Answer details are being recomputed and will update in a few seconds."}
        {pendingNote}
      </p>
      {stats.tentative && stats.tentativeReason ? <p className="notice">{stats.tentativeReason}</p> : null}
      <h2>The test</h2>
      <Figures
        rows={[
          { key: "mean", label: "Mean", value: share(t.mean), shown: points(t.mean), explain: TEST_FIGURES.mean },
          {
            key: "median",
            label: "Median",
            value: share(t.median),
            shown: points(t.median),
            explain: TEST_FIGURES.median,
          },
          { key: "sd", label: "Standard deviation", value: share(t.sd), shown: points(t.sd), explain: TEST_FIGURES.sd },
          {
            key: "skewness",
            label: "Skewness",
            value: t.skewness,
            shown: num(t.skewness),
            explain: TEST_FIGURES.skewness,
          },
          {
            key: "kurtosis",
            label: "Kurtosis",
            value: t.kurtosis,
            shown: num(t.kurtosis),
            explain: TEST_FIGURES.kurtosis,
          },
          {
            key: "cic",
            label: "Reliability (Cronbach's α)",
            value: t.cic,
            shown: pct(t.cic, 1),
            explain: TEST_FIGURES.cic,
          },
          {
            key: "errorRatio",
            label: "Error ratio",
            value: t.errorRatio,
            shown: pct(t.errorRatio, 1),
            explain: TEST_FIGURES.errorRatio,
          },
          {
            key: "standardError",
            label: "Standard error",
            value: share(t.standardError),
            shown: points(t.standardError),
            explain: TEST_FIGURES.standardError,
          },
        ]}
      />
      <h2>Items</h2>
      <p className="muted">
        Open a question below for its figures explained and what students answered. Facility: how easy (aim for 35–64
        %); discrimination: whether strong students do better on it (30 % or more is adequate).
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone; the keyboard must reach it (WCAG 2.1.1) */}
      <section className="table-wrap" tabIndex={0} aria-label="Items">
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
                  <a href={`#item-${i.item}`} title={i.name}>
                    {info.get(i.item)?.label ?? i.name ?? i.item}
                  </a>
                </th>
                <td className="num">{i.n}</td>
                <td className="num">{pct(i.facility, 1)}</td>
                <td className="num">{pct(i.sd, 1)}</td>
                <td className="num">{pct(i.randomGuessScore, 1)}</td>
                <td className="num">{pct(i.intendedWeight, 1)}</td>
                <td className="num">{pct(i.effectiveWeight, 1)}</td>
                <td className="num">{pct(i.discriminationIndex, 1)}</td>
                <td className="num">{pct(i.discriminativeEfficiency, 1)}</td>
                <td>
                  {i.flags.map((f) => FLAG_SHORT[f] ?? f).join(", ") || "—"}
                  {i.flags.length && i.tentative ? " (tentative)" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {stats.items.map((i) => (
        <ItemDetail key={i.item} item={i} info={info.get(i.item)} orgId={orgId} assignmentId={assignmentId} />
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
          <Link to={`/o/${orgId}/assignments/${assignmentId}/review`}>Responses and regrading</Link> ·{" "}
          <Link to={`/o/${orgId}/assignments/${assignmentId}/grading`}>Grading</Link> ·{" "}
          <a href={`/api/v1/orgs/${orgId}/assignments/${assignmentId}/statistics.csv?attempts=${attempts}`}>
            Download as CSV
          </a>
        </p>
      ) : null}
      <Select label="Attempts counted" value={attempts} onChange={(e) => setAttempts(e.target.value)}>
        <option value="first">Each student's first attempt</option>
        <option value="last">Each student's last attempt</option>
        <option value="best">Each student's best attempt</option>
        <option value="all">All attempts</option>
      </Select>
      <QueryState query={query}>
        {(stats) => <StatsView stats={stats} info={info} orgId={orgId} assignmentId={assignmentId} />}
      </QueryState>
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
