/**
 * The editor's preview and the server run the same domain code: a student who starts an attempt through the API
 * sees what the preview shows (seeded with the attempt id), and the same answers get the same scores, statuses
 * and per-part verdicts from the preview's grader (the browser's language tools) and from the API's submit (the
 * Node ones). Every item type is here, with right answers and with wrong ones: typos, a wrong choice, a number
 * that is no number, a reordered sentence, a wrong mark.
 */
import { type ItemResultDto, type Response, setLanguageTools } from "@languagecloud/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAssignment,
  createClassWithStudents,
  createPublishedExercise,
  RIGHT_RESPONSES,
  SAMPLE_ITEMS,
} from "../../../../../server/test/factories.ts";
import { type Client, createTestApp, signUp, type TestApp } from "../../../../../server/test/harness.ts";
import type { Draft } from "./draft.ts";
import { parseDraftItem, previewStudentItem } from "./preview-item.ts";
import { loadPreviewGrader } from "./previewGrading.ts";

const ITEMS = [
  ...(SAMPLE_ITEMS ?? []),
  // A typo of a proper noun: only the dictionary tells it from a real word (issue 15's "Leds").
  { id: "city", type: "short_answer", prompt: "Where is the university?", answers: [{ text: "Leeds", fraction: 1 }] },
] as Draft[];

const WRONG: Record<string, Response> = {
  mc: { selected: ["a"] },
  tf: { value: true },
  sa: { text: "wnet" },
  num: { text: "seven" },
  gap: { gaps: { g1: "go", g2: "comes" } },
  bank: { gaps: { g1: "cat", g2: "cat" } },
  drop: { gaps: { g1: "in" } },
  match: { matches: { France: "Madrid", Spain: "Madrid" } },
  order: { sequence: ["I", "to", "go", "school"] },
  mark: { marked: [0, 1] },
  essay: { text: "Small." },
  city: { text: "Leds" },
};
const RIGHT: Record<string, Response> = { ...(RIGHT_RESPONSES as Record<string, Response>), city: { text: "Leeds" } };

/** What must agree: the figures and each part's verdict, score and error categories (not the wording shown). */
const verdicts = (r: ItemResultDto | undefined) =>
  r && {
    score: r.score,
    maxScore: r.maxScore,
    status: r.status,
    parts: r.parts.map((p) => ({
      id: p.id,
      verdict: p.verdict,
      score: p.score,
      errors: p.errors.map((e) => e.category),
    })),
  };

describe("the editor's preview and the server agree", () => {
  let t: TestApp;
  let student: Client;
  let base: string;
  let assignmentId: string;

  beforeAll(async () => {
    t = await createTestApp("sqlite");
    const s = await signUp(t.app);
    base = `/api/v1/orgs/${s.orgId}`;
    const ex = await createPublishedExercise(t, s.orgId, { items: ITEMS as never, title: "Every type" });
    const cls = await createClassWithStudents(t, s.orgId, s.client, 1);
    student = cls.students[0]!.client;
    const a = await createAssignment(s.client, s.orgId, {
      exerciseId: ex.exerciseId,
      classId: cls.classId,
      maxAttempts: 2,
    });
    assignmentId = a.id;
  });
  afterAll(async () => t?.close());

  it("shows each item as the student's attempt does and grades right and wrong answers alike", async () => {
    const server: { id: string; items: Record<string, unknown>[]; results: Record<string, ItemResultDto> }[] = [];
    for (const [k, responses] of [RIGHT, WRONG].entries()) {
      const attempt = (await student.post(`${base}/assignments/${assignmentId}/attempts`)).json();
      const res = await student.post(
        `${base}/attempts/${attempt.id}/submit`,
        { responses },
        {
          "idempotency-key": `preview-${k}`,
        },
      );
      expect(res.statusCode, res.body).toBe(200);
      server.push({ id: attempt.id, items: attempt.exercise.items, results: res.json().results });
    }

    // The browser has no Node built-ins: the preview installs its own copy of the tools (previewGrading.ts).
    const proc = process as unknown as { getBuiltinModule?: unknown };
    const builtin = proc.getBuiltinModule;
    setLanguageTools(undefined);
    proc.getBuiltinModule = undefined;
    try {
      const grade = await loadPreviewGrader();
      for (const [k, responses] of [RIGHT, WRONG].entries()) {
        const attempt = server[k]!;
        for (const draft of ITEMS) {
          const parsed = parseDraftItem(draft);
          if (!("item" in parsed)) throw new Error(`${String(draft.id)}: ${parsed.problem}`);
          const id = parsed.item.id;
          // Seeded with the attempt's id, the preview's student view is the attempt's, shuffles included.
          expect(previewStudentItem(parsed.item, attempt.id)).toEqual(attempt.items.find((it) => it.id === id));
          if (parsed.item.type === "description") continue;
          const preview = grade(parsed.item, responses[id] ?? {});
          expect(verdicts(preview), `${id}, answers ${k}`).toEqual(verdicts(attempt.results[id]));
        }
      }
      // Not everything agreed by being right: the wrong answers were graded wrong on both sides.
      expect(Object.values(server[1]!.results).filter((r) => r.status !== "correct").length).toBeGreaterThanOrEqual(9);
      expect(server[1]!.results.city?.status).toBe("correct");
    } finally {
      proc.getBuiltinModule = builtin;
      setLanguageTools(undefined);
    }
  }, 60_000);
});
