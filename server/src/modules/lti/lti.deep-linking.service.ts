/**
 * Deep Linking 2.0: the teacher picked exercises in our picker; we answer the platform with a signed
 * `LtiDeepLinkingResponse` of `ltiResourceLink` items (custom `{exerciseId, version}`, and a `lineItem` so the
 * platform makes a gradebook column), posted by an auto-submitting form to its `deep_link_return_url`.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { AppContext } from "../../context.ts";
import { AppError, notFound, unprocessable } from "../../lib/errors.ts";
import { nowIso } from "../../lib/ids.ts";
import { latestVersion } from "../assignments/assignments.repository.ts";
import { loadVersionContent, maxScoreOf } from "../assignments/versions.ts";
import { DL, LTI } from "./lti.claims.ts";
import { signingKey } from "./lti.keys.ts";
import { toolUrls } from "./lti.presenter.ts";
import * as repo from "./lti.repository.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function autoSubmitForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Returning to the course</title></head><body><form id="lti-return" method="post" action="${esc(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.getElementById("lti-return").submit()</script></body></html>`;
}

export async function deepLinkingResponse(
  ctx: AppContext,
  caller: { userId: string; organizationId: string },
  requestId: string,
  exerciseIds: string[],
): Promise<{ html: string; jwt: string; returnUrl: string }> {
  const db = ctx.database.db;
  const request = await db
    .selectFrom("lti_deep_link_requests")
    .selectAll()
    .where("id", "=", requestId)
    .where("organization_id", "=", caller.organizationId)
    .where("user_id", "=", caller.userId)
    .executeTakeFirst();
  if (!request) throw notFound("deep-linking request");
  if (request.used_at || request.expires_at <= nowIso()) {
    throw new AppError(
      410,
      "deep_link_expired",
      "This request was already answered or has expired. Start again from the course.",
    );
  }
  const platform = await repo.findPlatformById(db, request.platform_id);
  if (!platform) throw notFound("platform");
  const items: Record<string, unknown>[] = [];
  for (const exerciseId of exerciseIds) {
    const version = await latestVersion(db, caller.organizationId, exerciseId);
    if (!version) {
      throw unprocessable("not_published", "Only published exercises can be added to a course.", { exerciseId });
    }
    const content = await loadVersionContent(db, caller.organizationId, version.id);
    items.push({
      type: "ltiResourceLink",
      title: content.title,
      url: toolUrls(ctx).launchUrl,
      custom: { exerciseId, version: String(version.version) },
      lineItem: { scoreMaximum: maxScoreOf(content), label: content.title, resourceId: exerciseId },
    });
  }
  const used = await db
    .updateTable("lti_deep_link_requests")
    .set({ used_at: nowIso() })
    .where("id", "=", requestId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) {
    throw new AppError(410, "deep_link_expired", "This request was already answered. Start again from the course.");
  }
  const { kid, key } = await signingKey(ctx);
  const claims: Record<string, unknown> = {
    nonce: randomUUID(),
    [`${LTI}message_type`]: "LtiDeepLinkingResponse",
    [`${LTI}version`]: "1.3.0",
    [`${LTI}deployment_id`]: request.deployment_id,
    [`${DL}content_items`]: items,
  };
  if (request.data !== null) claims[`${DL}data`] = request.data;
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
    .setIssuer(platform.client_id)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
  return { html: autoSubmitForm(request.return_url, { JWT: jwt }), jwt, returnUrl: request.return_url };
}
