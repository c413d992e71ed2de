/** Spaced practice (migration 0015_practice). */

export interface PracticeCardsTable {
  id: string;
  organization_id: string;
  user_id: string;
  class_id: string;
  exercise_version_id: string;
  item_id: string;
  skill: string | null;
  source_response_id: string;
  /** JSON: the ts-fsrs card state. */
  state: string;
  due_at: string;
  reviews: number;
  /** 1 when the latest practice answer was right (after the mistake that made the card); null before any. */
  retained: number | null;
  created_at: string;
  updated_at: string;
}

export interface PracticeReviewsTable {
  id: string;
  organization_id: string;
  user_id: string;
  card_id: string;
  client_key: string;
  rating: string;
  score: number;
  max_score: number;
  /** JSON: the answer the POST returned, replayed for the same key. */
  result: string;
  created_at: string;
}

export interface PracticeTables {
  practice_cards: PracticeCardsTable;
  practice_reviews: PracticeReviewsTable;
}
