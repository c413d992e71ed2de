import type { ItemResultDto, Response, StudentItem } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../../api/client.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { formatDate } from "../../components/format.ts";
import { Empty, QueryState } from "../../components/states.tsx";
import { ItemResult } from "../../player/ItemResult.tsx";
import { ItemView } from "../../player/ItemView.tsx";

interface Card {
  id: string;
  dueAt: string;
  skill: string | null;
  reviews: number;
  exerciseTitle: string;
  item: StudentItem;
}
interface PracticeDto {
  items: Card[];
  due: number;
  nextDueAt: string | null;
}
interface AnswerDto {
  cardId: string;
  result: ItemResultDto;
  rating: "again" | "hard" | "good";
  dueAt: string;
}

const WHEN: Record<AnswerDto["rating"], string> = {
  again: "Not yet: this one comes back soon.",
  hard: "Nearly: it comes back in a little while.",
  good: "Right: it comes back later, to make it stick.",
};

/**
 * Practice (methodology.md §4): the student's own mistakes, one card at a time, with the same players as
 * assignments. Each answer carries a key made once per card view, so a double tap or a retry is answered once.
 */
export default function Practice({ orgId }: { orgId: string }) {
  const query = useOrgQuery<PracticeDto>(orgId, "/me/practice");
  const qc = useQueryClient();
  const [response, setResponse] = useState<Response | undefined>(undefined);
  // The answered card is kept as it was shown: the queue it came from changes under it once it is answered.
  const [answer, setAnswer] = useState<{ card: Card; result: AnswerDto } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);
  const current = answer ? answer.card : query.data?.items[0];
  // Keyboard: the button that was pressed goes away (Check → the result, Next → the next card), so focus moves on
  // with it instead of falling back to the top of the page.
  const nextButton = useRef<HTMLButtonElement>(null);
  const cardBox = useRef<HTMLDivElement>(null);
  const focusNextCard = useRef(false);
  useEffect(() => {
    if (answer) nextButton.current?.focus();
    else if (focusNextCard.current && current) {
      focusNextCard.current = false;
      cardBox.current?.querySelector<HTMLElement>("input, textarea, select, button, [tabindex]")?.focus();
    }
  }, [answer, current]);
  // One key per showing of a card: a retry of the same answer is the same request (randomUUID needs HTTPS).
  const key = useMemo(
    () => `${current?.id ?? ""}:${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`,
    [current?.id],
  );

  async function check() {
    if (!current) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api<AnswerDto>(`/orgs/${orgId}/me/practice/${current.id}/answer`, {
        method: "POST",
        body: { response: response ?? {} },
        headers: { "Idempotency-Key": key },
      });
      setAnswer({ card: current, result: res });
      setDone((n) => n + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function next() {
    // The new queue first: until it is here the answered card stays (it must not come back as unanswered).
    setBusy(true);
    try {
      await qc.invalidateQueries({ queryKey: ["org", orgId, "/me/practice"] });
    } finally {
      focusNextCard.current = true;
      setAnswer(null);
      setResponse(undefined);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="practice-title" className="practice">
      <h1 id="practice-title">Practice</h1>
      <p className="muted">
        Questions you got wrong or partly right come back here, spaced out so that what you learn stays.
      </p>
      <QueryState query={query}>
        {(data) =>
          current ? (
            <>
              <p aria-live="polite">
                {data.due} to practise now{done ? ` · ${done} done this session` : ""} · from “{current.exerciseTitle}”
                {current.skill ? ` (${current.skill})` : ""}
              </p>
              <div ref={cardBox}>
                <ItemView
                  item={current.item}
                  number={null}
                  response={response}
                  onChange={setResponse}
                  disabled={!!answer || busy}
                  result={answer?.result.result}
                />
              </div>
              {answer ? (
                <div role="status">
                  <ItemResult result={answer.result.result} />
                  <p>
                    {WHEN[answer.result.rating]} Next time: {formatDate(answer.result.dueAt)}.
                  </p>
                  <button ref={nextButton} type="button" className="primary" onClick={next} disabled={busy}>
                    Next question
                  </button>
                </div>
              ) : (
                <button type="button" className="primary" onClick={check} disabled={busy}>
                  {busy ? "Checking…" : "Check"}
                </button>
              )}
              {error ? <p role="alert">{error}</p> : null}
            </>
          ) : (
            <Empty>
              Nothing to practise right now.
              {data.nextDueAt ? ` The next question comes back on ${formatDate(data.nextDueAt)}.` : ""}
              {done ? ` You practised ${done} today.` : ""}
            </Empty>
          )
        }
      </QueryState>
    </section>
  );
}
