/**
 * Assignment and Grade Services 2.0: each submission and each teacher grade becomes one `lti_scores` row per line
 * item (unique per source event, so a redelivered event never adds a second), then a job posts it.
 *
 * Platforms differ: Moodle answers 409 for a timestamp not newer than the one it holds, and ignores `scoreGiven`
 * unless `gradingProgress` is `FullyGraded`. So the timestamp is taken when the score is sent (strictly after any
 * earlier send of ours), a 409 is retried once with a fresh timestamp, and a score is never sent after a newer
 * one of the same user and line item was accepted (it is marked `superseded`).
 */
import type { AppContext } from "../../context.ts";
import { isUniqueViolation } from "../../db/dialect.ts";
import type { LtiScoresTable } from "../../db/tables/lti.tables.ts";
import { OutboundError } from "../../infra/webhooks/request.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { hashToken } from "../../lib/tokens.ts";
import { SCOPE_LINEITEM, SCOPE_RESULT, SCOPE_SCORE } from "./lti.claims.ts";
import { platformRequest } from "./lti.outbound.ts";
import * as repo from "./lti.repository.ts";
import { accessToken, dropAccessToken, PlatformCallError } from "./lti.tokens.ts";

const SCOPES = [SCOPE_SCORE, SCOPE_LINEITEM, SCOPE_RESULT];

/** Creates the score rows of an attempt's current state (after a submission or a grade); returns their ids. */
export async function scoresForAttempt(ctx: AppContext, eventId: string, organizationId: string, attemptId: string) {
  const db = ctx.database.db;
  const attempt = await db
    .selectFrom("attempts")
    .select(["id", "assignment_id", "user_id", "score", "max_score", "pending_count", "status"])
    .where("organization_id", "=", organizationId)
    .where("id", "=", attemptId)
    .executeTakeFirst();
  if (attempt?.status !== "submitted") return [];
  const links = await repo.linksOfAssignment(db, organizationId, attempt.assignment_id);
  const ids: string[] = [];
  for (const link of links) {
    const sub = await repo.subOfUser(db, link.platform_id, attempt.user_id);
    if (!sub) continue; // a student who never came through this platform has no user id there
    const pending = attempt.pending_count > 0;
    const body = {
      userId: sub,
      scoreGiven: Number(attempt.score ?? 0),
      scoreMaximum: Number(attempt.max_score),
      activityProgress: "Completed",
      gradingProgress: pending ? "PendingManual" : "FullyGraded",
      comment: pending ? "Waiting for the teacher to grade the written answers." : undefined,
    };
    const id = newId();
    const sourceKey = hashToken(`${eventId} ${link.line_item_url}`);
    try {
      await repo.insertScore(db, {
        id,
        organization_id: organizationId,
        platform_id: link.platform_id,
        source_key: sourceKey,
        attempt_id: attemptId,
        line_item_url: link.line_item_url as string,
        lti_user_id: sub,
        body: JSON.stringify(body),
        status: "pending",
        created_at: nowIso(),
      });
      ids.push(id);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Made by an earlier run of this same event: find it again so it is still sent.
      const again = await db
        .selectFrom("lti_scores")
        .select(["id", "status"])
        .where("source_key", "=", sourceKey)
        .executeTakeFirst();
      if (again?.status === "pending") ids.push(again.id);
    }
  }
  return ids;
}

function scoresUrl(lineItem: string): string {
  const u = new URL(lineItem);
  u.pathname = `${u.pathname.replace(/\/$/, "")}/scores`;
  return u.toString();
}

let lastTimestamp = 0;
/** A timestamp strictly after every earlier one of this process (two sends in one millisecond differ). */
function freshTimestamp(): string {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return new Date(lastTimestamp).toISOString();
}

export type DeliveryOutcome = "sent" | "superseded" | "failed" | "retry";

/** Sends one score. Throws for a failure worth retrying (the job's backoff), after recording it. */
export async function deliverScore(ctx: AppContext, scoreId: string): Promise<DeliveryOutcome> {
  const db = ctx.database.db;
  const score = await repo.findScore(db, scoreId);
  if (!score) return "failed";
  if (score.status !== "pending") return score.status as DeliveryOutcome;
  if (await repo.newerScoreSent(db, score)) {
    await repo.recordScoreOutcome(db, score.id, {
      status: "superseded",
      code: null,
      error: null,
      attempts: score.attempt_count,
    });
    return "superseded";
  }
  const platform = await repo.findPlatformById(db, score.platform_id);
  if (!platform) return "failed";
  let attempts = score.attempt_count;
  const post = async () => {
    attempts++;
    const token = await accessToken(ctx, platform, SCOPES);
    const body = JSON.stringify({ ...(JSON.parse(score.body) as object), timestamp: freshTimestamp() });
    return platformRequest(ctx, scoresUrl(score.line_item_url), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.ims.lis.v1.score+json" },
      body,
    });
  };
  try {
    let res = await post();
    // Moodle: "timestamp not newer than the stored one" — once more with a fresh timestamp.
    if (res.status === 409) res = await post();
    if (res.status === 401) {
      dropAccessToken(platform, SCOPES);
      res = await post();
    }
    if (res.status >= 200 && res.status < 300) {
      await repo.recordScoreOutcome(db, score.id, { status: "sent", code: res.status, error: null, attempts });
      return "sent";
    }
    const error = `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
    const retry = res.status >= 500 || res.status === 429 || res.status === 408;
    await repo.recordScoreOutcome(db, score.id, {
      status: retry ? "pending" : "failed",
      code: res.status,
      error,
      attempts,
    });
    if (retry) throw new PlatformCallError(error, res.status);
    return "failed";
  } catch (err) {
    if (err instanceof PlatformCallError || err instanceof OutboundError || err instanceof SyntaxError) {
      const fresh = (await repo.findScore(db, score.id)) as LtiScoresTable;
      if (fresh.status === "pending") {
        await repo.recordScoreOutcome(db, score.id, {
          status: "pending",
          code: err instanceof PlatformCallError ? err.status : null,
          error: err.message,
          attempts,
        });
      }
    }
    throw err;
  }
}

/** After the last retry: the score is marked failed (an admin sees it with its error). */
export async function giveUpScore(ctx: AppContext, scoreId: string): Promise<void> {
  const score = await repo.findScore(ctx.database.db, scoreId);
  if (score?.status === "pending") {
    await repo.recordScoreOutcome(ctx.database.db, scoreId, {
      status: "failed",
      code: score.last_status_code,
      error: score.last_error ?? "gave up",
      attempts: score.attempt_count,
    });
  }
}
