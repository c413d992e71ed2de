/**
 * "Accept this answer" from a response group of the statistics page: the answer joins the item's accepted answers
 * in a new published version (made from the version the assignment pins, so unrelated edits waiting in the draft
 * are not published with it), the draft gets it too (or the next publish would drop it), and the assignment moves
 * to the new version and regrades, exactly as PATCH {version, regrade: true}.
 */
import { type Exercise, type Item, normalizeResponseText } from "@languagecloud/domain";
import type { AppContext } from "../../context.ts";
import { notFound, unprocessable } from "../../lib/errors.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { type Caller, requireVisibleAssignment } from "../assignments/assignments.service.ts";
import { type AuditActor, recordAudit } from "../audit/audit.service.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import * as exercisesRepo from "../exercises/exercises.repository.ts";
import { moveToVersion } from "./regrade.service.ts";
import * as repo from "./review.repository.ts";

export interface AcceptInput {
  itemId: string;
  gapId?: string;
  text: string;
  fraction?: number;
}

const bad = (message: string, field = "body.itemId") => unprocessable("cannot_accept", message, [{ field, message }]);

/** Adds the answer to the item in place; false when it was already accepted with that fraction. */
function addAnswer(items: Exercise["items"], input: AcceptInput): boolean {
  const item = items.find((it) => it.id === input.itemId) as Item | undefined;
  if (!item) throw bad("The exercise has no such item.");
  const fraction = input.fraction ?? 1;
  const text = input.text.trim();
  if (!text) throw bad("An empty answer cannot be accepted.", "body.text");
  const sameText = (a: string, caseSensitive: boolean) =>
    normalizeResponseText(a, { caseSensitive }) === normalizeResponseText(text, { caseSensitive });
  switch (item.type) {
    case "short_answer": {
      const found = item.answers.find((a) => sameText(a.text, item.caseSensitive));
      if (found) {
        if (found.fraction === fraction) return false;
        found.fraction = fraction;
      } else item.answers.push({ text, fraction });
      return true;
    }
    case "gap_fill": {
      const gap = item.gaps.find((g) => g.id === input.gapId) ?? (item.gaps.length === 1 ? item.gaps[0] : undefined);
      if (!gap) throw bad("Say which gap the answer is for (gapId).", "body.gapId");
      if (item.mode === "dropdown" && !(gap.options ?? []).some((o) => sameText(o, item.caseSensitive))) {
        throw bad("A dropdown gap accepts only one of its options.", "body.text");
      }
      const found = gap.answers.find((a) => sameText(a.text, item.caseSensitive));
      if (found) {
        if (found.fraction === fraction) return false;
        found.fraction = fraction;
      } else gap.answers.push({ text, fraction });
      return true;
    }
    case "numerical": {
      const value = Number(text.replace(",", "."));
      if (!Number.isFinite(value)) throw bad("A numerical item accepts a number.", "body.text");
      const found = item.answers.find((a) => a.value === value && a.tolerance === 0);
      if (found) {
        if (found.fraction === fraction) return false;
        found.fraction = fraction;
      } else item.answers.push({ value, tolerance: 0, fraction });
      return true;
    }
    default:
      throw bad("Only typed answers (short answer, gaps, numbers) can be accepted this way; edit the item instead.");
  }
}

export async function acceptAnswer(
  ctx: AppContext,
  caller: Caller,
  actor: AuditActor,
  assignmentId: string,
  input: AcceptInput,
) {
  const org = caller.organizationId;
  const made = await ctx.database.db.transaction().execute(async (trx) => {
    await repo.lockAssignment(trx, org, assignmentId);
    const a = await requireVisibleAssignment(trx, caller, assignmentId);
    const exercise = await exercisesRepo.findExercise(trx, org, a.exercise_id);
    if (!exercise) throw notFound("exercise");
    // The stored text, not the parsed copy of assignments/versions.ts: it is edited and published as it stands.
    const pinned = await exercisesRepo.findVersionContent(trx, org, a.exercise_version_id);
    if (pinned === undefined) throw notFound("exercise version");
    const content = JSON.parse(pinned) as Exercise;
    if (!addAnswer(content.items, input)) return { version: a.exercise_version, created: false };
    // The draft learns the answer too, when it still has the item.
    const draft = JSON.parse(exercise.draft) as Exercise;
    try {
      addAnswer(draft.items, input);
    } catch {
      // The draft no longer has the item (or it changed type): nothing to carry over.
    }
    const at = nowIso();
    const version = await exercisesRepo.nextVersion(trx, org, a.exercise_id, at);
    await exercisesRepo.insertVersion(trx, {
      id: newId(),
      exercise_id: a.exercise_id,
      organization_id: org,
      version,
      content: JSON.stringify(content),
      published_at: at,
      published_by: caller.userId,
    });
    // nextVersion marks the draft clean; it still holds whatever it held beyond the pinned version.
    await repo.setDraft(trx, org, a.exercise_id, JSON.stringify(draft), Number(exercise.dirty));
    await recordAudit(trx, {
      organizationId: org,
      actor,
      action: "exercise.answer_accepted",
      target: { type: "exercise", id: a.exercise_id },
      details: { assignmentId, itemId: input.itemId, gapId: input.gapId ?? null, text: input.text, version },
    });
    await writeEvent(trx, {
      organizationId: org,
      type: "exercise.published",
      payload: { exerciseId: a.exercise_id, version },
    });
    return { version, created: true };
  });
  notifyEventsWritten();
  return moveToVersion(ctx, caller, actor, assignmentId, made.version, true);
}
