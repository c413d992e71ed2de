/** SQL of spaced practice: cards, their reviews, and the attempt responses cards are made of. */

import type { PracticeCardsTable } from "../../db/tables/practice.tables.ts";
import type { Executor } from "../../db/types.ts";

/** The attempt's graded responses that may become cards, with who answered and the version they saw. */
export async function attemptMistakes(db: Executor, organizationId: string, attemptId: string) {
  return db
    .selectFrom("responses as r")
    .innerJoin("attempts as a", "a.id", "r.attempt_id")
    .innerJoin("assignments as g", "g.id", "a.assignment_id")
    .select(["r.id", "r.item_id", "r.status", "r.max_score", "a.user_id", "a.class_id", "g.exercise_version_id"])
    .where("r.organization_id", "=", organizationId)
    .where("a.organization_id", "=", organizationId)
    .where("r.attempt_id", "=", attemptId)
    .where("a.status", "=", "submitted")
    .where("r.status", "in", ["incorrect", "partial", "blank"])
    .where("r.max_score", ">", 0)
    .execute();
}

export async function cardExists(db: Executor, userId: string, versionId: string, itemId: string) {
  return !!(await db
    .selectFrom("practice_cards")
    .select("id")
    .where("user_id", "=", userId)
    .where("exercise_version_id", "=", versionId)
    .where("item_id", "=", itemId)
    .executeTakeFirst());
}

export async function insertCard(db: Executor, row: PracticeCardsTable) {
  await db.insertInto("practice_cards").values(row).execute();
}

export async function dueCards(db: Executor, organizationId: string, userId: string, now: string, limit: number) {
  return db
    .selectFrom("practice_cards")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("due_at", "<=", now)
    .orderBy("due_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function nextDue(db: Executor, organizationId: string, userId: string, now: string) {
  const row = await db
    .selectFrom("practice_cards")
    .select((eb) => eb.fn.min("due_at").as("next"))
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("due_at", ">", now)
    .executeTakeFirst();
  return (row?.next as string | null | undefined) ?? null;
}

export async function countDue(db: Executor, organizationId: string, userId: string, now: string) {
  const row = await db
    .selectFrom("practice_cards")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("due_at", "<=", now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The caller's own card: another student's card id finds nothing. */
export async function findOwnCard(db: Executor, organizationId: string, userId: string, cardId: string) {
  return db
    .selectFrom("practice_cards")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("id", "=", cardId)
    .executeTakeFirst();
}

export async function findReviewByKey(db: Executor, organizationId: string, userId: string, key: string) {
  return db
    .selectFrom("practice_reviews")
    .select(["card_id", "result"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("client_key", "=", key)
    .executeTakeFirst();
}

export async function insertReview(
  db: Executor,
  row: {
    id: string;
    organization_id: string;
    user_id: string;
    card_id: string;
    client_key: string;
    rating: string;
    score: number;
    max_score: number;
    result: string;
    created_at: string;
  },
) {
  await db.insertInto("practice_reviews").values(row).execute();
}

export async function updateCard(
  db: Executor,
  cardId: string,
  set: { state: string; due_at: string; reviews: number; retained: number; updated_at: string },
) {
  await db.updateTable("practice_cards").set(set).where("id", "=", cardId).execute();
}

/** Per skill of the class's cards: how many, due now, practised at least once, right on the latest review. */
export async function classCounts(db: Executor, organizationId: string, classId: string, now: string) {
  return db
    .selectFrom("practice_cards")
    .select((eb) => [
      "skill",
      eb.fn.countAll<number>().as("cards"),
      eb.fn.sum<number>(eb.case().when("due_at", "<=", now).then(1).else(0).end()).as("due"),
      eb.fn.sum<number>(eb.case().when("reviews", ">", 0).then(1).else(0).end()).as("done"),
      eb.fn.sum<number>(eb.case().when("retained", "=", 1).then(1).else(0).end()).as("retained"),
    ])
    .where("organization_id", "=", organizationId)
    .where("class_id", "=", classId)
    .groupBy("skill")
    .orderBy("skill")
    .execute();
}
