/**
 * Spaced practice (methodology.md §4): which answers become practice cards, how a practice answer's grade maps to
 * an FSRS rating, and the card's next due date from ts-fsrs.
 */
import { type Card, createEmptyCard, fsrs, Rating } from "ts-fsrs";
import type { GradeResult } from "../grading/types.ts";

export type PracticeRating = "again" | "hard" | "good";

/** A graded answer that a practice card is made of: wrong, partly right or blank. A right first try is not. */
export function needsPractice(status: string): boolean {
  return status === "incorrect" || status === "partial" || status === "blank";
}

/** Wrong → Again; accepted with a typo or partly right → Hard; right → Good. Null for what cannot be rated. */
export function practiceRating(result: Pick<GradeResult, "status" | "parts">): PracticeRating | null {
  if (result.status === "pending") return null;
  if (result.status === "incorrect" || result.status === "blank") return "again";
  if (result.status === "partial") return "hard";
  return result.parts.some((p) => p.verdict === "accepted_with_typo") ? "hard" : "good";
}

const RATINGS = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good } as const;
const scheduler = fsrs();

/** The FSRS state stored with a card (JSON; dates as ISO strings). */
export type PracticeCardState = Omit<Card, "due" | "last_review"> & { due: string; last_review?: string };

const toState = (c: Card): PracticeCardState => ({
  ...c,
  due: c.due.toISOString(),
  last_review: c.last_review ? c.last_review.toISOString() : undefined,
});
const fromState = (s: PracticeCardState): Card => ({
  ...s,
  due: new Date(s.due),
  last_review: s.last_review ? new Date(s.last_review) : undefined,
});

/** A new card, due at once: the mistake is practised the next time the student opens Practice. */
export function newPracticeCard(now: Date): PracticeCardState {
  return toState(createEmptyCard(now));
}

/** The card after a review with `rating` at `now`, and when it is due next. */
export function reviewPracticeCard(state: PracticeCardState, rating: PracticeRating, now: Date) {
  const next = scheduler.next(fromState(state), now, RATINGS[rating]).card;
  return { state: toState(next), due: next.due.toISOString() };
}
