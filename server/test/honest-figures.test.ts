/**
 * One rule for work that waits for a teacher (api.md, "Insight"): the statistics page, the class dashboard and the
 * gradebook are computed for the same class and compared with each other and with the scores the students were
 * given — before the essays are graded (pending attempts counted as submitted, left out of every score figure) and
 * after. Also the breakdowns of matching, ordering and mark-the-words items, and patterns that keep blanks apart.
 * Expected figures are computed here from the submitted scores, never typed in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { answer, setUp, waitFor } from "./review-fixtures.ts";

const ITEMS = [
  { id: "s1", type: "short_answer", prompt: "Plural of 'child'?", answers: [{ text: "children", fraction: 1 }] },
  { id: "t1", type: "true_false", prompt: "London is in England.", answer: true },
  { id: "e1", type: "essay", prompt: "Describe your town.", points: 4 },
];
const STRUCTURED = [
  {
    id: "m1",
    type: "matching",
    prompt: "Match the animals and their sounds.",
    pairs: [
      { left: "dog", right: "barks" },
      { left: "cat", right: "meows" },
    ],
  },
  { id: "o1", type: "ordering", prompt: "Put the words in order.", sequence: ["I", "went", "home"] },
  { id: "w1", type: "mark_words", prompt: "Mark the verbs.\nShe *runs* and he *sings* loudly." },
  {
    id: "g1",
    type: "gap_fill",
    prompt: "I am [[a]] the bus [[b]] the morning.",
    gaps: [
      { id: "a", answers: [{ text: "on", fraction: 1 }] },
      { id: "b", answers: [{ text: "in", fraction: 1 }] },
    ],
  },
];

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

describe.each(testEngines())("figures that agree on %s", (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof signUp>>;
  let teacher: Client;
  const api = (path: string) => `/api/v1/orgs/${org.orgId}${path}`;

  beforeAll(async () => {
    t = await createTestApp(engine, {}, { jobs: true });
    org = await signUp(t.app, { organizationName: "Honest School" });
    teacher = org.client;
  });
  afterAll(async () => t?.close());

  /** The three views of one assignment, read at once. */
  async function views(classId: string, assignmentId: string, policy = "best") {
    const [stats, dash, book] = await Promise.all([
      teacher.get(api(`/assignments/${assignmentId}/statistics?attempts=${policy}`)),
      teacher.get(api(`/classes/${classId}/dashboard`)),
      teacher.get(api(`/classes/${classId}/gradebook.csv`)),
    ]);
    expect(stats.statusCode, stats.body).toBe(200);
    expect(dash.statusCode, dash.body).toBe(200);
    expect(book.statusCode, book.body).toBe(200);
    const lines = book.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    const cells = lines.slice(1).map((l) => l.split(",")[2]!);
    const row = dash.json().assignments.find((a: { assignmentId: string }) => a.assignmentId === assignmentId);
    return { stats: stats.json(), row, cells };
  }

  /** Everything the three views say, checked against each other and against `graded` (best score per student). */
  async function expectAgreement(classId: string, assignmentId: string, graded: number[], pending: number) {
    const max = 6;
    // The live sums and the snapshot converge within seconds; compare once the statistics are fresh.
    const v = await waitFor(
      () => views(classId, assignmentId),
      (x) => x.stats.fresh && x.stats.test.n === graded.length,
    );
    const numbers = v.cells.filter((c) => c !== "" && c !== "pending").map(Number);
    // Gradebook: a number for each graded student, `pending` for each student whose only work waits.
    expect([...numbers].sort()).toEqual([...graded].sort());
    expect(v.cells.filter((c) => c === "pending")).toHaveLength(pending);
    // Statistics: the same attempts, the same mean, and the pending ones said beside them.
    expect(v.stats.test.n).toBe(graded.length);
    expect(v.stats.test.mean).toBeCloseTo(mean(graded)!, 10);
    expect(v.stats.test.mean).toBeCloseTo(mean(numbers)!, 10);
    expect(v.stats.pendingAttempts).toBeGreaterThanOrEqual(pending);
    // Dashboard: completion counts pending work; the average is the same mean as a share of the maximum.
    expect(v.row.submitted).toBe(graded.length + pending);
    expect(v.row.averageScore).toBeCloseTo(v.stats.test.mean / max, 10);
    expect(v.row.averageScore).toBeCloseTo(mean(numbers)! / max, 10);
  }

  it("statistics, dashboard and gradebook agree before and after the essays are graded", async () => {
    const s = await setUp(t, org.orgId, teacher, 5, { maxAttempts: 2 }, ITEMS);
    const [a, b, c, d] = s.students;
    // a and b write (pending); c and d leave the essay empty (graded 0 at once); e hands nothing in.
    const subA = await answer(a!.client, org.orgId, s.assignmentId, {
      s1: { text: "children" },
      t1: { value: true },
      e1: { text: "My town is small and green." },
    });
    await answer(b!.client, org.orgId, s.assignmentId, {
      s1: { text: "childs" },
      t1: { value: true },
      e1: { text: "Big." },
    });
    const subC = await answer(c!.client, org.orgId, s.assignmentId, { s1: { text: "children" }, t1: { value: true } });
    const subD = await answer(d!.client, org.orgId, s.assignmentId, { s1: { text: "childs" }, t1: { value: false } });
    // d tries again and writes: that attempt waits, so d's best graded score is still the first one.
    await answer(d!.client, org.orgId, s.assignmentId, {
      s1: { text: "children" },
      t1: { value: true },
      e1: { text: "It has a river." },
    });
    expect([subA.score, subC.score, subD.score]).toEqual([null, 2, 0]);

    await expectAgreement(s.classId, s.assignmentId, [subC.score!, subD.score!], 2);

    // The teacher grades every essay; the figures follow everywhere, and still agree.
    const queue = (await teacher.get(api(`/assignments/${s.assignmentId}/grading`))).json().items as {
      responseId: string;
      student: { id: string };
    }[];
    expect(queue).toHaveLength(3);
    const essayScore = new Map([
      [a!.userId, 3],
      [b!.userId, 1],
      [d!.userId, 4],
    ]);
    for (const e of queue) {
      const g = await teacher.put(api(`/responses/${e.responseId}/grade`), { score: essayScore.get(e.student.id) });
      expect(g.statusCode, g.body).toBe(200);
    }
    // a: 2 + 3; b: 1 + 1; c: 2; d: best of 0 and 2 + 4.
    const best = [2 + 3, 1 + 1, subC.score!, Math.max(subD.score!, 2 + 4)];
    await expectAgreement(s.classId, s.assignmentId, best, 0);
  });

  it("breaks matching, ordering and mark-the-words answers down per pair, position and word", async () => {
    const s = await setUp(t, org.orgId, teacher, 3, {}, STRUCTURED);
    const [a, b, c] = s.students;
    await answer(a!.client, org.orgId, s.assignmentId, {
      m1: { matches: { dog: "barks", cat: "meows" } },
      o1: { sequence: ["I", "went", "home"] },
      w1: { marked: [1, 4] },
      g1: { gaps: { a: "on", b: "in" } },
    });
    await answer(b!.client, org.orgId, s.assignmentId, {
      m1: { matches: { dog: "meows", cat: "barks" } },
      o1: { sequence: ["went", "I", "home"] },
      w1: { marked: [1, 5] },
      g1: { gaps: { a: "in", b: "" } },
    });
    await answer(c!.client, org.orgId, s.assignmentId, {
      m1: { matches: { dog: "barks" } },
      g1: { gaps: { a: "", b: "" } },
    });
    const stats = await waitFor(
      async () => (await teacher.get(api(`/assignments/${s.assignmentId}/statistics`))).json(),
      (j) => j.fresh && j.test.n === 3,
    );
    const item = (id: string) => stats.items.find((i: { item: string }) => i.item === id);
    const m = item("m1").breakdown;
    expect(m.kind).toBe("pairs");
    expect(m.n).toBe(3);
    expect(m.parts.map((p: { label: string; right: number; blank: number }) => [p.label, p.right, p.blank])).toEqual([
      ["dog", 2, 0],
      ["cat", 1, 1],
    ]);
    expect(m.parts[0].answers).toEqual([
      { answer: "barks", count: 2, right: true },
      { answer: "meows", count: 1, right: false },
    ]);
    const o = item("o1").breakdown;
    expect(o.kind).toBe("positions");
    // c left the ordering blank: counted as blank in every position.
    expect(
      o.parts.map((p: { expected: string; right: number; blank: number }) => [p.expected, p.right, p.blank]),
    ).toEqual([
      ["I", 1, 1],
      ["went", 1, 1],
      ["home", 2, 1],
    ]);
    const w = item("w1").breakdown;
    expect(w.kind).toBe("words");
    // Tokens: She(0) runs(1) and(2) he(3) sings(4) loudly(5); "and", "he", "She" nobody marked are left out.
    expect(
      w.parts.map((p: { label: string; expected: string; right: number }) => [p.label, p.expected, p.right]),
    ).toEqual([
      ["runs", "marked", 2],
      ["sings", "marked", 1],
      ["loudly.", "not marked", 1],
    ]);

    const patterns = (await teacher.get(api(`/assignments/${s.assignmentId}/patterns`))).json();
    expect(patterns.categories.map((x: { category: string }) => x.category)).not.toContain("blank");
    // Blanks per gap: gap b left by b and c, gap a by c; whole items left by c.
    const blank = (item: string, part: string | null) =>
      patterns.blanks.parts.find((p: { item: string; part: string | null }) => p.item === item && p.part === part);
    expect(blank("g1", "b").who.map((p: { name: string }) => p.name)).toEqual([b!.name, c!.name]);
    expect(blank("g1", "a").who.map((p: { name: string }) => p.name)).toEqual([c!.name]);
    expect(blank("g1", "b").name).toMatch(/^I am/);
    const prep = patterns.categories.find((x: { category: string }) => x.category === "preposition");
    expect(prep.who.map((p: { name: string }) => p.name)).toEqual([b!.name]);
    expect(prep.places).toEqual([
      { assignmentId: s.assignmentId, item: "g1", name: expect.stringMatching(/^I am/), count: 1 },
    ]);
    expect(patterns.total).toBe(patterns.categories.reduce((n: number, x: { count: number }) => n + x.count, 0));
  });
});
