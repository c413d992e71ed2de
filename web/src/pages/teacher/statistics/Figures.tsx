import { type Explained, VERDICT_WORD } from "./explain.ts";

/**
 * Figures as a list a phone can show without sideways scrolling: the value, what it means in plain words and the
 * range to aim for, with where this value stands (a mark and words, never colour alone).
 */
export function Figures({
  rows,
}: {
  rows: { key: string; label: string; value: number | null; shown: string; explain?: Explained }[];
}) {
  return (
    <dl className="figures">
      {rows.map((r) => {
        const judged = r.value !== null && r.explain?.judge ? r.explain.judge(r.value) : null;
        return (
          <div key={r.key} className="figure-row">
            <dt>{r.label}</dt>
            <dd>
              <strong>{r.shown}</strong>
              {judged?.verdict ? (
                <span className={`judge judge-${judged.verdict}`}>
                  {" "}
                  <span aria-hidden="true">{VERDICT_WORD[judged.verdict]}</span> {judged.words}
                </span>
              ) : null}
              {r.explain ? <span className="muted figure-meaning">{r.explain.meaning}</span> : null}
              {r.explain?.target ? <span className="muted figure-target">Aim for: {r.explain.target}</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
