import { createEmptyCard, fsrs, Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { needsPractice, newPracticeCard, practiceRating, reviewPracticeCard } from "./practice.ts";

describe("practice ratings (methodology.md §4)", () => {
  const part = (verdict: "correct" | "accepted_with_typo" | "incorrect" | "blank") => ({
    verdict,
    score: 0,
    categories: [],
  });
  it("maps wrong to Again, typo or partly right to Hard, right to Good", () => {
    expect(practiceRating({ status: "incorrect", parts: [part("incorrect")] as never })).toBe("again");
    expect(practiceRating({ status: "blank", parts: [part("blank")] as never })).toBe("again");
    expect(practiceRating({ status: "partial", parts: [part("correct"), part("incorrect")] as never })).toBe("hard");
    expect(practiceRating({ status: "correct", parts: [part("accepted_with_typo")] as never })).toBe("hard");
    expect(practiceRating({ status: "correct", parts: [part("correct")] as never })).toBe("good");
    expect(practiceRating({ status: "pending", parts: [] })).toBeNull();
  });
  it("makes cards of wrong, partly right and blank answers only", () => {
    expect(["correct", "partial", "incorrect", "blank", "pending"].map(needsPractice)).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
  it("takes due dates from ts-fsrs itself, review after review", () => {
    const t0 = new Date("2026-03-02T08:00:00Z");
    let ours = newPracticeCard(t0);
    let theirs = createEmptyCard(t0);
    const f = fsrs();
    let now = t0;
    for (const [rating, r] of [
      ["again", Rating.Again],
      ["good", Rating.Good],
      ["hard", Rating.Hard],
      ["good", Rating.Good],
    ] as const) {
      const next = reviewPracticeCard(ours, rating, now);
      theirs = f.next(theirs, now, r).card;
      expect(next.due).toBe(theirs.due.toISOString());
      ours = next.state;
      now = new Date(theirs.due.getTime() + 3_600_000);
    }
  });
});
