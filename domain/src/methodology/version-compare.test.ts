import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Exercise, exerciseSchema, normalizeExercise } from "../content/schema.ts";
import { compareVersions, isRealDifference, itemChanged, type PooledAttempt } from "./version-compare.ts";

const exercise = normalizeExercise(
  exerciseSchema.parse({
    title: "Past simple",
    items: [
      { id: "q1", type: "short_answer", prompt: "I ___ (go) home.", answers: [{ text: "went", fraction: 1 }] },
      { id: "q2", type: "true_false", prompt: "'Goed' is a word.", answer: false, points: 2 },
    ],
  }) as Exercise,
);

const attemptsArb = fc.array(
  fc.record({
    student: fc.integer({ min: 0, max: 30 }),
    q1: fc.constantFrom(0, 1),
    q2: fc.constantFrom(0, 2),
    category: fc.constantFrom([], ["verb_form"], ["spelling", "verb_form"]),
  }),
  { maxLength: 60 },
);

function toAttempts(
  rows: readonly { student: number; q1: number; q2: number; category: readonly string[] }[],
): PooledAttempt[] {
  return rows.map((r, i) => ({
    id: `a${i}`,
    student: `asg1:s${r.student}`,
    submittedAt: i,
    scores: { q1: r.q1, q2: r.q2 },
    categories: { q1: r.category },
  }));
}

describe("version comparison", () => {
  it("two identical versions with the same answers report no difference", () => {
    fc.assert(
      fc.property(attemptsArb, fc.constantFrom("first", "last", "best", "all" as const), (rows, policy) => {
        const attempts = toAttempts(rows);
        const side = (version: number) => ({ version, assignments: 1, items: exercise.items, attempts });
        const result = compareVersions(side(1), side(2), policy);
        expect(result.from.attempts).toBe(result.to.attempts);
        for (const item of result.items) {
          expect(item.changed).toBe(false);
          expect(item.status).toBe("same");
          expect(item.to).toEqual(item.from);
          expect(isRealDifference(item)).toBe(false);
          if (item.facilityDiff) {
            expect(item.facilityDiff.estimate).toBe(0);
            expect(item.facilityDiff.low).toBeLessThanOrEqual(0);
            expect(item.facilityDiff.high).toBeGreaterThanOrEqual(0);
            expect(item.facilityDiff.p).toBeCloseTo(1, 12);
          }
        }
      }),
    );
  });

  it("marks changed, added and removed items and compares score fractions B − A", () => {
    const edited = {
      ...exercise,
      items: [
        { ...exercise.items[0]!, prompt: "Yesterday I ___ (go) home.", tags: ["past"] },
        {
          id: "q3",
          type: "true_false" as const,
          prompt: "New",
          answer: true,
          points: 1,
          promptFormat: "plain" as const,
        },
      ],
    } as Exercise;
    const a = toAttempts(
      Array.from({ length: 12 }, (_, i) => ({ student: i, q1: i < 3 ? 1 : 0, q2: 2, category: [] })),
    );
    const b = toAttempts(
      Array.from({ length: 12 }, (_, i) => ({ student: i, q1: i < 10 ? 1 : 0, q2: 0, category: [] })),
    );
    const result = compareVersions(
      { version: 1, assignments: 1, items: exercise.items, attempts: a },
      {
        version: 2,
        assignments: 1,
        items: edited.items,
        attempts: b.map((x) => ({ ...x, scores: { q1: x.scores.q1, q3: 1 } })),
      },
    );
    const byId = Object.fromEntries(result.items.map((i) => [i.item, i]));
    expect(byId.q1!.changed).toBe(true);
    expect(byId.q1!.facilityDiff!.estimate).toBeCloseTo(10 / 12 - 3 / 12, 12);
    expect(isRealDifference(byId.q1!)).toBe(true);
    expect(byId.q3!.status).toBe("added");
    expect(byId.q2!.status).toBe("removed");
    // Labels alone do not change an item.
    expect(itemChanged(exercise.items[0]!, { ...exercise.items[0]!, tags: ["x"], skills: ["grammar"] })).toBe(false);
  });
});
