/**
 * What the preview shows, made by the server's own domain code: the draft item parsed and normalized as publishing
 * stores it, then the student's view of it (answers stripped, the seeded shuffle). `preview-server.test.ts` checks
 * that a student's answers get the same view and the same grades here and from the API.
 */
import type { Item, StudentItem } from "@languagecloud/domain";
import { issueInWords, pathInWords } from "@languagecloud/domain/content/field-names";
import { itemSchema, normalizeExercise } from "@languagecloud/domain/content/schema";
import { toStudentItem } from "@languagecloud/domain/content/student-view";
import type { Draft } from "./draft.ts";

/** The draft item as the server would store it (defaults, ids), or why it cannot be shown yet. */
export function parseDraftItem(item: Draft): { item: Item & { id: string } } | { problem: string } {
  const r = itemSchema.safeParse(item);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { problem: issue ? `${pathInWords(issue.path.map(String))}: ${issueInWords(issue)}` : "incomplete" };
  }
  const [normalized] = normalizeExercise({ title: "preview", skills: [], tags: [], items: [r.data] }).items;
  return { item: normalized as Item & { id: string } };
}

/** The student's view of the parsed item; the server seeds with the attempt id, the preview with a fixed word. */
export function previewStudentItem(item: Item & { id: string }, seed = "preview"): StudentItem {
  return toStudentItem(item, { seed });
}
