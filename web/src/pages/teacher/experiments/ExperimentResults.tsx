/**
 * An experiment's results (methodology.md §2): the verdict in words first, then the chart of each variant's scores
 * with its mean and interval, then every figure with what it means beside it, the exclusions and the warnings.
 */
import type { ExclusionReason, ExperimentComparison } from "@languagecloud/domain";
import { API_BASE } from "../../../api/client.ts";
import type { ExperimentDto } from "../../../api/dto.ts";
import { useOrgQuery } from "../../../api/hooks.ts";
import { num } from "../../../components/format.ts";
import { QueryState } from "../../../components/states.tsx";
import { Link } from "../../../router.tsx";
import { StatusBadge } from "./ExperimentList.tsx";
import { DifferenceChart, ScoresChart } from "./ResultsChart.tsx";
import { comparisonVerdict, dataVerdict, type ExperimentResultsDto, points } from "./verdict.ts";

const EXCLUSIONS: Record<ExclusionReason, string> = {
  no_outcome: "never submitted the post-test (or it still waits for a grade)",
  removed_from_class: "were taken out of their class during the experiment",
  joined_after_close: "joined a class after the experiment closed, so were never given a variant",
  no_pretest: "did no pre-test, so are left out of the pre-test-adjusted figure only",
};

const pValue = (p: number | null) => (p === null ? "—" : p < 0.001 ? "below 0.001" : num(p, 3));

/** A figure, and beside it what it means: a definition list reads well on a phone and to a screen reader. */
function Figure({ term, value, children }: { term: string; value: string; children: React.ReactNode }) {
  return (
    <div className="figure-explained">
      <dt>
        {term}: <strong>{value}</strong>
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

function Comparison({ c, name }: { c: ExperimentComparison; name: (id: string) => string }) {
  const label = `${name(c.variant)} compared with ${name(c.against)}`;
  const interval = c.low === null || c.high === null ? "—" : `${points(c.low)} to ${points(c.high)} points`;
  return (
    <section className="card" aria-label={label}>
      <h3>{label}</h3>
      <DifferenceChart c={c} label={label} />
      <dl className="figures">
        <Figure term="Difference" value={c.estimate === null ? "—" : `${points(c.estimate)} points`}>
          How many points out of 100 the average student who had {name(c.variant)} scored above (or, negative, below)
          the average student who had {name(c.against)}.
        </Figure>
        <Figure term="95 % interval" value={interval}>
          The range the true difference likely lies in. When it includes 0, "no difference" is still a real possibility;
          the narrower it is, the surer the answer.
        </Figure>
        <Figure term="p-value" value={pValue(c.p)}>
          How often a difference at least this large would turn up by chance alone if the two variants worked equally
          well. Small (below 0.05) means chance is an unlikely explanation.
        </Figure>
        <Figure term="Degrees of freedom" value={num(c.df, 1)}>
          From Welch's t test, which does not assume the two groups are equally spread; fewer students or very different
          spreads give fewer, and a wider interval.
        </Figure>
        <Figure term="Effect size (Hedges' g)" value={num(c.hedgesG)}>
          The difference measured in standard deviations of the scores, comparable across tests: about 0.2 is small, 0.5
          medium, 0.8 large.
        </Figure>
        {c.adjusted ? (
          <Figure
            term="Adjusted for the pre-test"
            value={`${points(c.adjusted.estimate)} points (${points(c.adjusted.low)} to ${points(c.adjusted.high)})`}
          >
            The same difference after allowing for how each student did on the pre-test (a linear model), with its 95 %
            interval: it evens out a group that happened to start stronger, and is usually more precise. Only students
            with both scores count here.
          </Figure>
        ) : null}
      </dl>
    </section>
  );
}

function VariantsTable({ r }: { r: ExperimentResultsDto }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on a phone; the keyboard must reach it (WCAG 2.1.1)
    <section className="table-wrap" tabIndex={0} aria-label="Figures per variant">
      <table>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" className="num">
              Given to
            </th>
            <th scope="col" className="num">
              Post-tests
            </th>
            <th scope="col" className="num">
              Average
            </th>
            <th scope="col" className="num">
              95 % interval
            </th>
            <th scope="col" className="num">
              Spread (sd)
            </th>
          </tr>
        </thead>
        <tbody>
          {r.variants.map((v) => (
            <tr key={v.id}>
              <th scope="row">{v.name}</th>
              <td className="num">{v.assigned}</td>
              <td className="num">{v.completed}</td>
              <td className="num">{v.outcome.mean === null ? "—" : points(v.outcome.mean)}</td>
              <td className="num">
                {v.outcome.low === null || v.outcome.high === null
                  ? "—"
                  : `${points(v.outcome.low)} to ${points(v.outcome.high)}`}
              </td>
              <td className="num">{v.outcome.sd === null ? "—" : points(v.outcome.sd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function ExperimentResults({ orgId, experimentId }: { orgId: string; experimentId: string }) {
  const experiment = useOrgQuery<ExperimentDto>(orgId, `/experiments/${experimentId}`);
  const results = useOrgQuery<ExperimentResultsDto>(orgId, `/experiments/${experimentId}/results`, {
    refetchInterval: 30_000,
  });
  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">Results{experiment.data ? `: ${experiment.data.name}` : ""}</h1>
      <p>
        <Link to={`/o/${orgId}/experiments/${experimentId}`}>Back to the experiment</Link>
      </p>
      {experiment.data?.question ? (
        <p>
          <strong>The question:</strong> {experiment.data.question}
        </p>
      ) : null}
      <QueryState query={results}>
        {(r) => {
          const names = new Map(r.variants.map((v) => [v.id, v.name]));
          const name = (id: string) => names.get(id) ?? "another variant";
          const waiting = dataVerdict(r);
          const excluded = (Object.entries(r.exclusions) as [ExclusionReason, number][]).filter(([, n]) => n > 0);
          return (
            <>
              <p>
                <StatusBadge status={r.status} />{" "}
                {r.status === "running" ? "Results so far; they update as students submit." : null}
              </p>
              <h2>Verdict</h2>
              {waiting ? <p className="verdict">{waiting}</p> : null}
              {r.comparisons.map((c) => (
                <p key={c.variant} className="verdict">
                  {comparisonVerdict(c, name)}
                </p>
              ))}
              {r.warnings.length ? (
                <section className="warnings" aria-labelledby="warnings-title">
                  <h2 id="warnings-title">Read with care</h2>
                  <ul>
                    {r.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </section>
              ) : null}
              <h2>Scores per variant</h2>
              <ScoresChart results={r} />
              <VariantsTable r={r} />
              <p className="muted">
                Scores are the first attempt at the post-test, in points out of 100. The 95 % interval of an average is
                the range the average of all such students likely lies in; "spread" is the standard deviation, how far a
                typical score lies from the average.
              </p>
              <h2>Each variant against {name(r.variants[0]?.id ?? "")}</h2>
              {r.comparisons.length > 1 ? (
                <p className="muted">
                  With several comparisons, one may look clear by chance alone: trust a result that repeats.
                </p>
              ) : null}
              {r.comparisons.map((c) => (
                <Comparison key={c.variant} c={c} name={name} />
              ))}
              <h2>Who is left out</h2>
              {excluded.length ? (
                <ul>
                  {excluded.map(([reason, n]) => (
                    <li key={reason}>
                      {n} student{n === 1 ? "" : "s"} {EXCLUSIONS[reason]}.
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Nobody: every student who was given a variant has done the post-test.</p>
              )}
              <p>
                <a href={`${API_BASE}/orgs/${orgId}/experiments/${experimentId}/export.csv`} download>
                  Download the data (CSV, no names)
                </a>{" "}
                <span className="muted">to check or re-analyse it elsewhere; each student is a code, not a name.</span>
              </p>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
