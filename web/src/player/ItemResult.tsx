import type { ItemResultDto } from "@languagecloud/domain";

const STATUS: Record<ItemResultDto["status"], string> = {
  correct: "Correct",
  partial: "Partly correct",
  incorrect: "Not correct",
  pending: "Waiting for your teacher",
  blank: "Not answered",
};

const VERDICT: Record<string, string> = {
  correct: "correct",
  accepted_with_typo: "accepted (check the spelling)",
  incorrect: "not correct",
  blank: "not answered",
};

export const CATEGORY_LABELS: Record<string, string> = {
  blank: "Not answered",
  capitalization: "Capital letters",
  punctuation: "Punctuation",
  spelling: "Spelling",
  word_form: "Word form",
  article: "Articles (a/an/the)",
  preposition: "Prepositions",
  word_order: "Word order",
  missing_word: "Missing word",
  extra_word: "Extra word",
  wrong_word: "Wrong word",
  wrong_option: "Wrong choice",
  not_a_number: "Not a number",
  wrong_value: "Wrong number",
};

export const categoryLabel = (c: string) => CATEGORY_LABELS[c] ?? c.replace(/_/g, " ");

const show = (v: unknown): string => {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(show).join(" ");
  return JSON.stringify(v);
};

/**
 * The graded result of one item: status, score, feedback and what each part got right or wrong; for graded writing
 * the rubric, criterion by criterion (out of the item's own points per criterion when known), and the teacher's
 * comment, labelled as theirs.
 */
export function ItemResult({
  result,
  rubric,
}: {
  result: ItemResultDto;
  rubric?: readonly { criterion: string; points: number }[];
}) {
  const round = (n: number) => Math.round(n * 100) / 100;
  const outOf = new Map((rubric ?? []).map((r) => [r.criterion, r.points]));
  // The comment also travels in `feedback` for older clients; show it once, as the teacher's.
  const feedback = result.comment ? result.feedback.filter((f) => f !== result.comment) : result.feedback;
  return (
    <div className={`feedback ${result.status}`}>
      <p>
        <strong>{STATUS[result.status]}</strong>
        {result.status !== "pending" ? ` — ${round(result.score)} / ${round(result.maxScore)} points` : null}
      </p>
      {result.rubric?.length ? (
        <div className="table-wrap">
          <table className="rubric">
            <caption>Your teacher's marks, criterion by criterion</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col" className="num">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {result.rubric.map((r) => (
                <tr key={r.criterion}>
                  <th scope="row">{r.criterion}</th>
                  <td className="num">
                    {round(r.points)}
                    {outOf.has(r.criterion) ? ` / ${round(outOf.get(r.criterion)!)}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.comment ? (
        <p className="teacher-comment">
          <strong>Your teacher's comment:</strong> {result.comment}
        </p>
      ) : null}
      {feedback.length ? (
        <ul>
          {feedback.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      {result.parts.length > 1 || result.parts.some((p) => p.errors.length || p.notes.length || p.feedback) ? (
        <ul>
          {result.parts.map((p) => (
            <li key={p.id}>
              {p.response !== undefined ? <>“{show(p.response)}”: </> : null}
              {VERDICT[p.verdict] ?? p.verdict}
              {p.expected !== undefined && p.verdict !== "correct" ? <> — expected “{show(p.expected)}”</> : null}
              {p.errors.length ? <> ({p.errors.map((e) => categoryLabel(e.category)).join(", ")})</> : null}
              {p.notes.length ? <span className="muted"> · {p.notes.map(categoryLabel).join(", ")}</span> : null}
              {p.feedback ? <div>{p.feedback}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
