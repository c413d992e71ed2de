/**
 * Spaced practice (methodology.md §4). Cards come from the student's own wrong, partly right and blank answers
 * (one per student and item version); a practice answer is graded by the same domain grader as an attempt and
 * rated for ts-fsrs, which gives the next due date. Practice writes only its own tables: an assignment's scores,
 * statistics and dashboards never see it.
 */
import {
  grade,
  type Item,
  needsPractice,
  newPracticeCard,
  type PracticeCardState,
  practiceRating,
  type Response,
  responseProblem,
  reviewPracticeCard,
  toStudentItem,
} from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import type { Executor } from "../../db/types.ts";
import { conflict, notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { findPinnedVersion } from "../assignments/versions.ts";
import * as insightRepo from "../insight/insight.repository.ts";
import * as repo from "./practice.repository.ts";

async function versionItem(db: Executor, organizationId: string, versionId: string, itemId: string) {
  const ex = await findPinnedVersion(db, organizationId, versionId);
  const item = ex?.items.find((it) => it.id === itemId) as (Item & { id: string; skills?: string[] }) | undefined;
  return item && ex ? { item, exercise: ex } : undefined;
}

/** Makes the cards of one submitted (or newly graded) attempt; a card that exists already stays as it is. */
export async function createCardsFromAttempt(ctx: AppContext, organizationId: string, attemptId: string) {
  const db = ctx.database.db;
  const rows = await repo.attemptMistakes(db, organizationId, attemptId);
  for (const r of rows) {
    if (!needsPractice(r.status)) continue;
    if (await repo.cardExists(db, r.user_id, r.exercise_version_id, r.item_id)) continue;
    const found = await versionItem(db, organizationId, r.exercise_version_id, r.item_id);
    if (!found) continue;
    const now = new Date();
    const state = newPracticeCard(now);
    const skill = found.item.skills?.[0] ?? found.exercise.skills?.[0] ?? null;
    try {
      await repo.insertCard(db, {
        id: newId(),
        organization_id: organizationId,
        user_id: r.user_id,
        class_id: r.class_id,
        exercise_version_id: r.exercise_version_id,
        item_id: r.item_id,
        skill,
        source_response_id: r.id,
        state: JSON.stringify(state),
        due_at: state.due,
        reviews: 0,
        retained: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // a concurrent delivery made it first: once is enough
    }
  }
}

const DUE_LIMIT = 20;

/** The caller's cards due now, as the player shows them (answers removed), and when the next ones come. */
export async function myPractice(ctx: AppContext, organizationId: string, userId: string) {
  const read = ctx.database.read;
  const now = nowIso();
  const cards = await repo.dueCards(read, organizationId, userId, now, DUE_LIMIT);
  const versions = new Map<string, Awaited<ReturnType<typeof findPinnedVersion>>>();
  const items = [];
  for (const c of cards) {
    if (!versions.has(c.exercise_version_id))
      versions.set(c.exercise_version_id, await findPinnedVersion(read, organizationId, c.exercise_version_id));
    const ex = versions.get(c.exercise_version_id);
    const item = ex?.items.find((it) => it.id === c.item_id) as (Item & { id: string }) | undefined;
    if (!ex || !item) continue;
    items.push({
      id: c.id,
      dueAt: c.due_at,
      skill: c.skill,
      reviews: Number(c.reviews),
      exerciseTitle: ex.title,
      item: toStudentItem(item, { seed: c.id, shuffle: false }),
    });
  }
  return {
    items,
    due: await repo.countDue(read, organizationId, userId, now),
    nextDueAt: await repo.nextDue(read, organizationId, userId, now),
  };
}

export interface PracticeAnswer {
  cardId: string;
  result: { score: number; maxScore: number; status: string; feedback: string[]; parts: unknown[] };
  rating: "again" | "hard" | "good";
  dueAt: string;
}

/**
 * Grades a practice answer and schedules the card. The client's key makes it idempotent: the same key again
 * returns the first answer (whatever the body), the same key for another card is refused.
 */
export async function answerCard(
  ctx: AppContext,
  caller: { organizationId: string; userId: string },
  cardId: string,
  key: string,
  response: Response,
): Promise<PracticeAnswer> {
  const db = ctx.database.db;
  const replay = async () => {
    const done = await repo.findReviewByKey(db, caller.organizationId, caller.userId, key);
    if (!done) return null;
    if (done.card_id !== cardId)
      throw conflict("idempotency_key_reused", "This Idempotency-Key was used for another practice card.");
    return JSON.parse(done.result) as PracticeAnswer;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const card = await repo.findOwnCard(db, caller.organizationId, caller.userId, cardId);
  if (!card) throw notFound("practice card");
  const found = await versionItem(db, caller.organizationId, card.exercise_version_id, card.item_id);
  if (!found) throw notFound("practice card");
  const problem = responseProblem(found.item, response);
  if (problem) throw unprocessable("invalid_response", problem);
  const graded = grade(found.item, response);
  const rating = practiceRating(graded);
  if (!rating) throw unprocessable("not_practisable", "This item is graded by a teacher and cannot be practised here.");
  const now = new Date();
  const next = reviewPracticeCard(JSON.parse(card.state) as PracticeCardState, rating, now);
  const answer: PracticeAnswer = {
    cardId,
    result: {
      score: graded.score,
      maxScore: graded.maxScore,
      status: graded.status,
      feedback: graded.feedback,
      parts: graded.parts,
    },
    rating,
    dueAt: next.due,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertReview(trx, {
        id: newId(),
        organization_id: caller.organizationId,
        user_id: caller.userId,
        card_id: cardId,
        client_key: key,
        rating,
        score: graded.score,
        max_score: graded.maxScore,
        result: JSON.stringify(answer),
        created_at: now.toISOString(),
      });
      await repo.updateCard(trx, cardId, {
        state: JSON.stringify(next.state),
        due_at: next.due,
        reviews: Number(card.reviews) + 1,
        // Right on this review after the mistake the card came from (or after a wrong practice answer).
        retained: graded.status === "correct" ? 1 : 0,
        updated_at: now.toISOString(),
      });
    });
  } catch (err) {
    // The same key sent twice at once: the other request won; answer with what it stored.
    if (isUniqueViolation(err)) {
      const won = await replay();
      if (won) return won;
    }
    throw err;
  }
  return answer;
}

/** Teachers: per skill, the class's cards, due now, practised, and retained. */
export async function classPractice(ctx: AppContext, organizationId: string, classId: string) {
  const read = ctx.database.read;
  if (!(await insightRepo.findClass(read, organizationId, classId))) throw notFound("class");
  const rows = await repo.classCounts(read, organizationId, classId, nowIso());
  return {
    classId,
    skills: rows.map((r) => ({
      skill: r.skill ?? null,
      cards: Number(r.cards),
      due: Number(r.due ?? 0),
      done: Number(r.done ?? 0),
      retained: Number(r.retained ?? 0),
    })),
  };
}
