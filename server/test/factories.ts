/**
 * Test data straight into the database, so the student loop can be tested without going through the exercises
 * API: an exercise with a published, immutable version of several item types.
 */
import { type ExerciseInput, type Item, itemPoints, parseExercise } from "@languagecloud/domain";
import { newId, nowIso } from "../src/lib/ids.ts";
import { Client, type TestApp, uniqueEmail } from "./harness.ts";

/** One item of most types; points add up to 16 (the essay is worth 5 of them). */
export const SAMPLE_ITEMS: ExerciseInput["items"] = [
  { id: "intro", type: "description", prompt: "Read and answer." },
  {
    id: "mc",
    type: "multiple_choice",
    prompt: "She ___ to school every day.",
    options: [
      { id: "a", text: "go", fraction: 0, feedback: "Third person needs -s." },
      { id: "b", text: "goes", fraction: 1, feedback: "Right!" },
      { id: "c", text: "going", fraction: 0 },
    ],
  },
  { id: "tf", type: "true_false", prompt: "London is in France.", answer: false, feedbackTrue: "No, England." },
  {
    id: "sa",
    type: "short_answer",
    prompt: "Past of 'go'?",
    answers: [{ text: "went", fraction: 1, feedback: "Irregular verb." }],
  },
  { id: "num", type: "numerical", prompt: "Days in a week?", answers: [{ value: 7, tolerance: 0, fraction: 1 }] },
  {
    id: "gap",
    type: "gap_fill",
    prompt: "He [[g1]] to work and [[g2]] home at six.",
    points: 2,
    gaps: [
      { id: "g1", answers: [{ text: "goes", fraction: 1 }] },
      { id: "g2", answers: [{ text: "comes", fraction: 1 }] },
    ],
  },
  {
    id: "bank",
    type: "gap_fill",
    mode: "word_bank",
    prompt: "A [[g1]] barks and a [[g2]] meows.",
    gaps: [
      { id: "g1", answers: [{ text: "dog", fraction: 1 }] },
      { id: "g2", answers: [{ text: "cat", fraction: 1 }] },
    ],
    distractors: ["cow"],
  },
  {
    id: "drop",
    type: "gap_fill",
    mode: "dropdown",
    prompt: "I am [[g1]] the bus.",
    gaps: [{ id: "g1", answers: [{ text: "on", fraction: 1 }], options: ["on", "in", "at"] }],
  },
  {
    id: "match",
    type: "matching",
    prompt: "Match the countries and capitals.",
    pairs: [
      { left: "France", right: "Paris" },
      { left: "Spain", right: "Madrid" },
    ],
    distractors: ["Berlin"],
  },
  { id: "order", type: "ordering", prompt: "Put the words in order.", sequence: ["I", "go", "to", "school"] },
  { id: "mark", type: "mark_words", prompt: "She *go* to school *yesterday* morning." },
  {
    id: "essay",
    type: "essay",
    prompt: "Describe your town.",
    points: 5,
    minWords: 3,
    rubric: [
      { criterion: "Grammar", points: 3 },
      { criterion: "Vocabulary", points: 2 },
    ],
  },
];

/** Right answers to SAMPLE_ITEMS (the essay gets a text and waits for its teacher). */
export const RIGHT_RESPONSES: Record<string, unknown> = {
  mc: { selected: ["b"] },
  tf: { value: false },
  sa: { text: "went" },
  num: { value: 7 },
  gap: { gaps: { g1: "goes", g2: "comes" } },
  bank: { gaps: { g1: "dog", g2: "cat" } },
  drop: { gaps: { g1: "on" } },
  match: { matches: { France: "Paris", Spain: "Madrid" } },
  order: { sequence: ["I", "go", "to", "school"] },
  mark: { marked: [1, 4] },
  essay: { text: "My town is small and quiet." },
};

export interface PublishedExercise {
  exerciseId: string;
  versionId: string;
  version: number;
  items: Item[];
  maxScore: number;
}

/**
 * Inserts an exercise and publishes `versions` immutable snapshots of it (the last one is the latest). With
 * `published: false` it stays a draft with no version.
 */
export async function createPublishedExercise(
  t: TestApp,
  orgId: string,
  opts: { title?: string; items?: ExerciseInput["items"]; versions?: number; published?: boolean } = {},
): Promise<PublishedExercise> {
  const db = t.ctx.database.db;
  const exercise = parseExercise({ title: opts.title ?? "Present simple", items: opts.items ?? SAMPLE_ITEMS });
  const exerciseId = newId();
  const now = nowIso();
  const versions = opts.published === false ? 0 : (opts.versions ?? 1);
  await db
    .insertInto("exercises")
    .values({
      id: exerciseId,
      organization_id: orgId,
      title: exercise.title,
      level: null,
      status: versions ? "published" : "draft",
      draft: JSON.stringify(exercise),
      search_text: exercise.title,
      latest_version: versions || null,
      dirty: 0,
      item_count: exercise.items.length,
      created_by: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  let versionId = "";
  for (let v = 1; v <= versions; v++) {
    versionId = newId();
    // Earlier versions get another title, so a test can tell which one an assignment pinned.
    const content = v === versions ? exercise : { ...exercise, title: `${exercise.title} (v${v})` };
    await db
      .insertInto("exercise_versions")
      .values({
        id: versionId,
        exercise_id: exerciseId,
        organization_id: orgId,
        version: v,
        content: JSON.stringify(content),
        published_at: nowIso(),
        published_by: null,
      })
      .execute();
  }
  const maxScore = exercise.items.reduce((sum, it) => sum + itemPoints(it), 0);
  return { exerciseId, versionId, version: versions, items: exercise.items, maxScore };
}

/** A class created by `teacher` and `n` students who joined it with its code (each signed in). */
export async function createClassWithStudents(
  t: TestApp,
  orgId: string,
  teacher: Client,
  n: number,
  name = "B1 Monday",
) {
  const res = await teacher.post(`/api/v1/orgs/${orgId}/classes`, { name });
  if (res.statusCode !== 201) throw new Error(`class: ${res.statusCode} ${res.body}`);
  const cls = res.json() as { id: string; joinCode: string };
  const students: { client: Client; userId: string; email: string; name: string }[] = [];
  for (let i = 0; i < n; i++) {
    const client = new Client(t.app);
    const email = uniqueEmail("student");
    const studentName = `Student ${String.fromCharCode(65 + i)}`;
    const j = await client.post("/api/v1/auth/join", {
      code: cls.joinCode,
      name: studentName,
      email,
      password: "student password 1",
    });
    if (j.statusCode !== 201) throw new Error(`join: ${j.statusCode} ${j.body}`);
    students.push({ client, userId: j.json().user.id, email, name: studentName });
  }
  return { classId: cls.id, joinCode: cls.joinCode, students };
}

/** Creates an assignment through the API and returns its JSON. */
export async function createAssignment(
  teacher: Client,
  orgId: string,
  body: Record<string, unknown> & { exerciseId: string; classId: string },
) {
  const res = await teacher.post(`/api/v1/orgs/${orgId}/assignments`, { feedback: "immediate", ...body });
  if (res.statusCode !== 201) throw new Error(`assignment: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; maxAttempts: number; exerciseVersion: number; title: string };
}
