/**
 * xAPI statements of Language Cloud (interop.md): `answered` per item, `completed` per attempt, `scored` for a
 * teacher's grade. Pure: ids (name-based UUIDs), the actor and the times are given by the caller.
 */
import type { Response } from "../../content/responses.ts";
import type { Item } from "../../content/schema.ts";
import { interactionOf, responsePatternOf } from "./interactions.ts";

export const XAPI_VERSION = "1.0.3";
export const VERB = {
  answered: "http://adlnet.gov/expapi/verbs/answered",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  scored: "http://adlnet.gov/expapi/verbs/scored",
} as const;
const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
const ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment";

export type XapiActor =
  | { objectType: "Agent"; account: { homePage: string; name: string } }
  | { objectType: "Agent"; mbox: string; name?: string };

export interface XapiStatement {
  id: string;
  actor: XapiActor;
  verb: { id: string; display: { "en-US": string } };
  object: { objectType: "Activity"; id: string; definition: Record<string, unknown> };
  result?: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
}

export interface AttemptContext {
  publicUrl: string;
  actor: XapiActor;
  attemptId: string;
  assignmentId: string;
  classId: string;
  exerciseId: string;
  version: number;
  exerciseTitle: string;
}

const activities = (c: AttemptContext) => `${c.publicUrl.replace(/\/$/, "")}/xapi/activities`;
export const itemActivityId = (c: AttemptContext, itemId: string) =>
  `${activities(c)}/exercises/${encodeURIComponent(c.exerciseId)}/versions/${c.version}/items/${encodeURIComponent(itemId)}`;
export const exerciseActivityId = (c: AttemptContext) =>
  `${activities(c)}/exercises/${encodeURIComponent(c.exerciseId)}/versions/${c.version}`;

function context(c: AttemptContext) {
  return {
    registration: c.attemptId,
    platform: "Language Cloud",
    contextActivities: {
      parent: [{ objectType: "Activity", id: `${activities(c)}/assignments/${encodeURIComponent(c.assignmentId)}` }],
      grouping: [{ objectType: "Activity", id: `${activities(c)}/classes/${encodeURIComponent(c.classId)}` }],
    },
  };
}

function score(raw: number, max: number) {
  const s: Record<string, number> = { raw, min: 0, max };
  if (max > 0) s.scaled = Math.max(-1, Math.min(1, Math.round((raw / max) * 10_000) / 10_000));
  return s;
}

const verb = (k: keyof typeof VERB) => ({ id: VERB[k], display: { "en-US": k } });

function itemObject(c: AttemptContext, item: Item & { id: string }) {
  const interaction = interactionOf(item);
  if (!interaction) return null;
  return {
    objectType: "Activity" as const,
    id: itemActivityId(c, item.id),
    definition: {
      type: INTERACTION,
      name: { "en-US": (item.prompt || c.exerciseTitle).replace(/\s+/g, " ").slice(0, 200) || item.id },
      ...interaction,
    },
  };
}

export interface GradedResponse {
  response: Response | null;
  score: number;
  maxScore: number;
  status: "correct" | "partial" | "incorrect" | "pending" | "blank";
}

/** `answered` for one item (null for a description). A pending essay: completion only, no score or success. */
export function answeredStatement(
  c: AttemptContext,
  id: string,
  item: Item & { id: string },
  r: GradedResponse,
  timestamp: string,
): XapiStatement | null {
  const object = itemObject(c, item);
  if (!object) return null;
  const pattern = r.response ? responsePatternOf(item, r.response) : null;
  const result: Record<string, unknown> =
    r.status === "pending"
      ? { completion: true }
      : { score: score(r.score, r.maxScore), success: r.status === "correct", completion: true };
  if (pattern !== null) result.response = pattern;
  return { id, actor: c.actor, verb: verb("answered"), object, result, context: context(c), timestamp };
}

/** `scored`: a teacher's grade of one item. */
export function scoredStatement(
  c: AttemptContext,
  id: string,
  item: Item & { id: string },
  r: { score: number; maxScore: number },
  timestamp: string,
): XapiStatement | null {
  const object = itemObject(c, item);
  if (!object) return null;
  return {
    id,
    actor: c.actor,
    verb: verb("scored"),
    object,
    result: { score: score(r.score, r.maxScore), success: r.score >= r.maxScore, completion: true },
    context: context(c),
    timestamp,
  };
}

/** `completed` for the attempt; while an essay waits, completion only. */
export function completedStatement(
  c: AttemptContext,
  id: string,
  a: { score: number; maxScore: number; pending: boolean; durationSeconds: number | null },
  timestamp: string,
): XapiStatement {
  const result: Record<string, unknown> = a.pending
    ? { completion: true }
    : { score: score(a.score, a.maxScore), completion: true, success: a.maxScore > 0 && a.score >= a.maxScore };
  if (a.durationSeconds !== null && a.durationSeconds >= 0) result.duration = `PT${Math.round(a.durationSeconds)}S`;
  return {
    id,
    actor: c.actor,
    verb: verb("completed"),
    object: {
      objectType: "Activity",
      id: exerciseActivityId(c),
      definition: { type: ASSESSMENT, name: { "en-US": c.exerciseTitle.slice(0, 200) || "Exercise" } },
    },
    result,
    context: context(c),
    timestamp,
  };
}
