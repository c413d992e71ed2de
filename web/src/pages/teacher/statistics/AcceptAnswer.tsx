import { type AssignmentDto, type Item, normalizeResponseText } from "@languagecloud/domain";
import { api } from "../../../api/client.ts";
import { FormAlert } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";

/** One answer the teacher may accept: for the whole item, or for one gap of a gap fill. */
export interface Acceptable {
  text: string;
  gapId?: string;
  /** "for gap 2" when the item has several gaps. */
  where?: string;
}

/**
 * The answers of a wrong response group that could be accepted (issue 14): a short answer's or a number's text; for
 * a gap fill, each gap's part that is not one of that gap's answers yet (dropdown gaps: only their own options).
 */
export function acceptableAnswers(item: Item | undefined, response: string): Acceptable[] {
  if (!item || !response.trim()) return [];
  const same = (a: string, b: string, cs: boolean) =>
    normalizeResponseText(a, { caseSensitive: cs }) === normalizeResponseText(b, { caseSensitive: cs });
  switch (item.type) {
    case "short_answer":
      return item.answers.some((a) => a.fraction >= 1 && same(a.text, response, item.caseSensitive))
        ? []
        : [{ text: response }];
    case "numerical":
      return Number.isFinite(Number(response.replace(",", "."))) ? [{ text: response }] : [];
    case "gap_fill": {
      const parts = response.split(" | ");
      if (parts.length !== item.gaps.length) return [];
      return item.gaps.flatMap((g, i) => {
        const text = parts[i]!.trim();
        if (!text || g.answers.some((a) => a.fraction >= 1 && same(a.text, text, item.caseSensitive))) return [];
        if (item.mode === "dropdown" && !(g.options ?? []).some((o) => same(o, text, item.caseSensitive))) return [];
        return [{ text, gapId: g.id, where: item.gaps.length > 1 ? `for gap ${i + 1}` : undefined }];
      });
    }
    default:
      return [];
  }
}

/**
 * "Accept this answer": one click adds the answer to the item's accepted answers in a new published version and
 * regrades the class with it (POST accept-answer). The caller shows the regrade's progress: it outlives this button,
 * which goes once the answer counts as right.
 */
export function AcceptAnswer({
  orgId,
  assignmentId,
  itemId,
  answer,
  onAccepted,
}: {
  orgId: string;
  assignmentId: string;
  itemId: string;
  answer: Acceptable;
  /** The regrade started, or null when the answer was accepted already. */
  onAccepted: (regradeId: string | null, text: string) => void;
}) {
  const accept = useSubmit(
    () =>
      api<AssignmentDto>(`/orgs/${orgId}/assignments/${assignmentId}/accept-answer`, {
        method: "POST",
        body: { itemId, text: answer.text, ...(answer.gapId ? { gapId: answer.gapId } : {}) },
      }),
    (res) => onAccepted(res.regrade?.id ?? null, answer.text),
  );
  const label = `Accept “${answer.text}”${answer.where ? ` ${answer.where}` : ""}`;
  return (
    <>
      <button
        type="button"
        className="small"
        onClick={() => accept.submit()}
        disabled={accept.pending}
        title="Adds it to the right answers in a new version and regrades everyone's work with it"
      >
        {accept.pending ? "Accepting…" : label}
      </button>
      <FormAlert error={accept.formError} />
    </>
  );
}
