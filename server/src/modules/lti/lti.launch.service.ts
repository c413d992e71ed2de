/**
 * OIDC third-party initiated login and the launch (LTI Core 1.3, 1EdTech Security Framework 1.0).
 *
 * The state and the nonce are a server-side record (`lti_logins`), never a cookie: inside an LMS frame with
 * third-party cookies blocked no cookie set at login would come back with the launch. The record is used once
 * (a conditional update), so a replayed form fails, and the id_token must carry the nonce of that very login.
 * The launch ends with a single-use ticket in the URL (`/lti/app?ticket=…`) that the SPA exchanges for a bearer
 * session (`POST /api/v1/lti/session`).
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import type { AppContext } from "../../context.ts";
import { onceMoreOnDuplicate } from "../../db/once-more-on-duplicate.ts";
import type { Executor } from "../../db/types.ts";
import { newId, nowIso } from "../../lib/ids.ts";
import { hashToken, newToken } from "../../lib/tokens.ts";
import { insertAssignment, latestVersion } from "../assignments/assignments.repository.ts";
import { loadVersionContent, maxScoreOf } from "../assignments/versions.ts";
import { insertClass, insertStudent, isStudentOf } from "../classes/classes.repository.ts";
import { newJoinCode } from "../classes/join-code.ts";
import { notifyEventsWritten, writeEvent } from "../events/outbox.ts";
import { insertMembership, insertUser } from "../identity/identity.repository.ts";
import { AGS_CLAIM, DL_SETTINGS, LTI, NRPS_CLAIM, roleOf } from "./lti.claims.ts";
import { platformKeys } from "./lti.outbound.ts";
import { toolUrls } from "./lti.presenter.ts";
import * as repo from "./lti.repository.ts";
import { getPage, putPage, STORAGE_KEY_PREFIX } from "./lti.storage.ts";

/** A launch refused: shown to the person in the LMS frame as a page that says what went wrong. */
export class LtiError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const LOGIN_TTL_MS = 10 * 60_000;
const TICKET_TTL_MS = 60_000;
const DEEP_LINK_TTL_MS = 60 * 60_000;
const CLOCK_SKEW_S = 60;

export interface LoginParams {
  iss?: string;
  login_hint?: string;
  target_link_uri?: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
  lti_storage_target?: string;
}

/** Step 1: the platform sends the browser here; we answer with the redirect to its authorization endpoint. */
export async function login(
  ctx: AppContext,
  p: LoginParams,
): Promise<{ redirect: string; state: string; nonce: string; page?: string }> {
  if (!p.iss) throw new LtiError("The login request names no platform (iss).");
  if (!p.login_hint) throw new LtiError("The login request has no login_hint.");
  const platform = await repo.findPlatformByIssuer(ctx.database.db, p.iss, p.client_id);
  if (!platform) {
    throw new LtiError("This platform is not registered with Language Cloud. Ask your administrator to register it.");
  }
  const deployments = JSON.parse(platform.deployment_ids) as string[];
  if (p.lti_deployment_id && !deployments.includes(p.lti_deployment_id)) {
    throw new LtiError(`The deployment ${p.lti_deployment_id} is not registered for this platform.`);
  }
  const state = newToken(24);
  const nonce = newToken(24);
  // The platform's postMessage storage, when offered: a value only this browser can bring back to the launch.
  const storageTarget = p.lti_storage_target?.slice(0, 255) || undefined;
  const browserSecret = storageTarget ? newToken(24) : undefined;
  await repo.insertLogin(ctx.database.db, {
    state,
    nonce,
    platformId: platform.id,
    ttlMs: LOGIN_TTL_MS,
    storageTarget,
    browserSecretHash: browserSecret ? hashToken(browserSecret) : undefined,
  });
  const url = new URL(platform.auth_login_url);
  const q = url.searchParams;
  q.set("scope", "openid");
  q.set("response_type", "id_token");
  q.set("response_mode", "form_post");
  q.set("prompt", "none");
  q.set("client_id", platform.client_id);
  q.set("redirect_uri", toolUrls(ctx).launchUrl);
  q.set("login_hint", p.login_hint);
  if (p.lti_message_hint) q.set("lti_message_hint", p.lti_message_hint);
  q.set("state", state);
  q.set("nonce", nonce);
  const redirect = url.toString();
  if (storageTarget && browserSecret) {
    const page = putPage({
      target: storageTarget,
      origin: new URL(platform.auth_login_url).origin,
      key: `${STORAGE_KEY_PREFIX}${state}`,
      value: browserSecret,
      redirect,
    });
    return { redirect, state, nonce, page };
  }
  return { redirect, state, nonce };
}

export interface LaunchOutcome {
  /** Where the browser goes next: `/lti/app?ticket=…`. */
  location: string;
  /** Instead: a page that reads the platform's storage and posts the launch again. */
  page?: string;
  userId: string;
  organizationId: string;
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return "The launch token has expired.";
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return "The launch token's signature is not valid.";
  if (err instanceof joseErrors.JWKSNoMatchingKey)
    return "The launch token is signed with a key the platform does not publish.";
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "aud") return "The launch token is meant for another tool (audience).";
    if (err.claim === "iss") return "The launch token comes from another platform (issuer).";
    return `The launch token's ${err.claim} claim is not valid.`;
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return "The launch token must be signed with RS256.";
  if (err instanceof joseErrors.JOSEError) return `The launch token is not valid (${err.code}).`;
  return `The platform's keys could not be read: ${(err as Error).message}`;
}

/** Verifies an id_token completely (signature, iss, aud/azp, exp/iat, nonce, deployment, version). */
async function verifyIdToken(ctx: AppContext, idToken: string, state: string) {
  let unverified: JWTPayload;
  try {
    decodeProtectedHeader(idToken);
    unverified = decodeJwt(idToken);
  } catch {
    throw new LtiError("The launch token is not a JWT.");
  }
  const iss = typeof unverified.iss === "string" ? unverified.iss : "";
  const aud = unverified.aud;
  const audiences = Array.isArray(aud) ? aud : typeof aud === "string" ? [aud] : [];
  // With several audiences the authorized party names the client the token is for.
  const clientId = audiences.length > 1 ? (typeof unverified.azp === "string" ? unverified.azp : "") : audiences[0];
  if (audiences.length > 1 && (!clientId || !audiences.includes(clientId))) {
    throw new LtiError("The launch token has several audiences and no matching azp.");
  }
  const platform = clientId ? await repo.findPlatformByIssuer(ctx.database.db, iss, clientId) : undefined;
  if (!platform)
    throw new LtiError("The launch token is meant for another tool (audience), or its platform is not registered.");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, platformKeys(ctx, platform.jwks_url), {
      issuer: platform.issuer,
      audience: platform.client_id,
      algorithms: ["RS256"],
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ["exp", "iat", "sub", "nonce"],
    }));
  } catch (err) {
    throw new LtiError(describeJoseError(err));
  }
  if (audiences.length > 1 && payload.azp !== platform.client_id)
    throw new LtiError("The azp claim does not name this tool.");
  if ((payload.iat as number) > Date.now() / 1000 + CLOCK_SKEW_S)
    throw new LtiError("The launch token is issued in the future.");
  // The state is used once, and only with the nonce it was issued with.
  const loginRow = await repo.consumeLogin(ctx.database.db, state);
  if (!loginRow)
    throw new LtiError("This launch has already been used or has expired (state). Open the activity again.");
  if (loginRow.platform_id !== platform.id || loginRow.nonce !== payload.nonce) {
    throw new LtiError("The launch token's nonce does not belong to this login (replayed token).");
  }
  if (payload[`${LTI}version`] !== "1.3.0") throw new LtiError("Only LTI 1.3.0 launches are supported.");
  const deploymentId = payload[`${LTI}deployment_id`];
  const deployments = JSON.parse(platform.deployment_ids) as string[];
  if (typeof deploymentId !== "string" || !deployments.includes(deploymentId)) {
    throw new LtiError(`The deployment ${String(deploymentId)} is not registered for this platform.`);
  }
  return { platform, payload, deploymentId };
}

type Platform = NonNullable<Awaited<ReturnType<typeof repo.findPlatformById>>>;

/** The platform user as ours: created on first launch, never matched to an existing account by email. */
async function provisionUser(trx: Executor, platform: Platform, payload: JWTPayload, role: "teacher" | "student") {
  const sub = String(payload.sub);
  const name = typeof payload.name === "string" && payload.name.trim() ? payload.name.trim().slice(0, 200) : "LTI user";
  let user = await repo.findLtiUser(trx, platform.id, sub);
  if (!user) {
    // The email column is unique: the claim's email is kept only when no account has it (it is never used to link).
    const claimEmail = typeof payload.email === "string" ? payload.email.toLowerCase().slice(0, 255) : "";
    const taken = claimEmail
      ? await trx.selectFrom("users").select("id").where("email", "=", claimEmail).executeTakeFirst()
      : undefined;
    const email = claimEmail && !taken ? claimEmail : `lti-${newId()}@lti.invalid`;
    // "!lti" is no scrypt hash: nobody can log in with a password as this user.
    const row = await insertUser(trx, { email, name, passwordHash: "!lti" });
    await repo.insertLtiUser(trx, platform.id, sub, row.id);
    user = { id: row.id, name: row.name, email: row.email };
  }
  const member = await trx
    .selectFrom("memberships")
    .select("role")
    .where("organization_id", "=", platform.organization_id)
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  if (!member) await insertMembership(trx, platform.organization_id, user.id, role);
  const orgRole = member?.role ?? role;
  return { user, orgRole };
}

async function provisionClass(trx: Executor, platform: Platform, payload: JWTPayload): Promise<string> {
  const context = payload[`${LTI}context`] as { id?: string; title?: string; label?: string } | undefined;
  if (!context?.id) throw new LtiError("The launch has no course (context claim).");
  const nrps = payload[NRPS_CLAIM] as { context_memberships_url?: string } | undefined;
  const existing = await repo.findContext(trx, platform.id, String(context.id));
  if (existing) {
    if (nrps?.context_memberships_url && nrps.context_memberships_url !== existing.memberships_url) {
      await trx
        .updateTable("lti_contexts")
        .set({ memberships_url: nrps.context_memberships_url })
        .where("platform_id", "=", platform.id)
        .where("context_id", "=", String(context.id))
        .execute();
    }
    return existing.class_id;
  }
  const classId = newId();
  const name = (context.title || context.label || "LMS course").slice(0, 200);
  await insertClass(trx, {
    id: classId,
    organizationId: platform.organization_id,
    name,
    description: `From ${platform.name}`,
    joinCode: newJoinCode(),
    by: null,
  });
  await trx
    .insertInto("lti_contexts")
    .values({
      platform_id: platform.id,
      context_id: String(context.id),
      organization_id: platform.organization_id,
      class_id: classId,
      memberships_url: nrps?.context_memberships_url ?? null,
      roster_queued_at: null,
      roster_synced_at: null,
      created_at: nowIso(),
    })
    .execute();
  await writeEvent(trx, {
    organizationId: platform.organization_id,
    type: "class.created",
    payload: { classId, name, by: null, via: "lti" },
  });
  return classId;
}

/** The assignment of a resource link: found, or created on its first launch from the deep link's `custom`. */
async function provisionAssignment(
  trx: Executor,
  platform: Platform,
  payload: JWTPayload,
  classId: string,
  userId: string,
): Promise<string | null> {
  const link = payload[`${LTI}resource_link`] as { id?: string } | undefined;
  if (!link?.id) throw new LtiError("The launch has no resource link.");
  const ags = payload[AGS_CLAIM] as { lineitem?: string } | undefined;
  const found = await repo.findLink(trx, platform.id, String(link.id));
  if (found) {
    if (ags?.lineitem && ags.lineitem !== found.line_item_url) {
      await trx
        .updateTable("lti_links")
        .set({ line_item_url: ags.lineitem })
        .where("platform_id", "=", platform.id)
        .where("resource_link_id", "=", String(link.id))
        .execute();
    }
    return found.assignment_id;
  }
  const custom = (payload[`${LTI}custom`] ?? {}) as Record<string, unknown>;
  const exerciseId = typeof custom.exerciseId === "string" ? custom.exerciseId : null;
  if (!exerciseId) return null;
  const org = platform.organization_id;
  const wanted = Number(custom.version);
  const version =
    Number.isInteger(wanted) && wanted > 0
      ? await trx
          .selectFrom("exercise_versions")
          .select(["id", "version"])
          .where("organization_id", "=", org)
          .where("exercise_id", "=", exerciseId)
          .where("version", "=", wanted)
          .executeTakeFirst()
      : await latestVersion(trx, org, exerciseId);
  if (!version) throw new LtiError("The exercise of this link is not published in this organization.");
  const content = await loadVersionContent(trx, org, version.id);
  const now = nowIso();
  const id = newId();
  await insertAssignment(trx, {
    id,
    organization_id: org,
    class_id: classId,
    exercise_id: exerciseId,
    exercise_version_id: version.id,
    exercise_version: version.version,
    title: content.title,
    opens_at: null,
    due_at: null,
    max_attempts: 1,
    feedback: "immediate",
    allow_late: 1,
    shuffle: 0,
    max_score: maxScoreOf(content),
    created_by: userId,
    created_at: now,
    updated_at: now,
  });
  await trx
    .insertInto("lti_links")
    .values({
      platform_id: platform.id,
      resource_link_id: String(link.id),
      organization_id: org,
      class_id: classId,
      assignment_id: id,
      line_item_url: ags?.lineitem ?? null,
      created_at: now,
    })
    .execute();
  await writeEvent(trx, {
    organizationId: org,
    type: "assignment.created",
    payload: { assignmentId: id, classId, exerciseId, exerciseVersion: version.version, dueAt: null, by: userId },
  });
  return id;
}

/** Step 2: the platform posts the id_token and our state; returns where the SPA takes over. */
export async function launch(
  ctx: AppContext,
  body: { id_token?: string; state?: string; lti_storage_secret?: string },
): Promise<LaunchOutcome> {
  if (!body.state) throw new LtiError("The launch has no state: it did not start at our login URL.");
  if (!body.id_token) throw new LtiError("The launch has no id_token.");
  const pending = await repo.peekLogin(ctx.database.db, body.state);
  if (pending?.storage_target && pending.browser_secret_hash && !pending.used_at) {
    if (body.lti_storage_secret === undefined) {
      const platform = await repo.findPlatformById(ctx.database.db, pending.platform_id);
      if (!platform) throw new LtiError("The platform of this login is no longer registered.");
      const page = getPage({
        target: pending.storage_target,
        origin: new URL(platform.auth_login_url).origin,
        key: `${STORAGE_KEY_PREFIX}${body.state}`,
        idToken: body.id_token,
        state: body.state,
      });
      return { location: "", page, userId: "", organizationId: platform.organization_id };
    }
    if (hashToken(body.lti_storage_secret) !== pending.browser_secret_hash) {
      throw new LtiError("This launch was not started in this browser (the course page's storage does not match).");
    }
  }
  const { platform, payload, deploymentId } = await verifyIdToken(ctx, body.id_token, body.state);
  const messageType = payload[`${LTI}message_type`];
  if (messageType !== "LtiResourceLinkRequest" && messageType !== "LtiDeepLinkingRequest") {
    throw new LtiError(`The message type ${String(messageType)} is not supported.`);
  }
  const role = roleOf(payload[`${LTI}roles`]);
  if (!role) throw new LtiError("Your role in the course does not give access to this tool (teacher or learner).");
  if (messageType === "LtiDeepLinkingRequest" && role !== "teacher") {
    throw new LtiError("Only teachers can add exercises to the course.");
  }
  const ticket = newToken();
  const result = await onceMoreOnDuplicate(() =>
    ctx.database.db.transaction().execute(async (trx) => {
      const { user, orgRole } = await provisionUser(trx, platform, payload, role);
      const classId = await provisionClass(trx, platform, payload);
      if (role === "student" && !(await isStudentOf(trx, platform.organization_id, classId, user.id))) {
        await insertStudent(trx, { organizationId: platform.organization_id, classId, userId: user.id, via: "lti" });
        await writeEvent(trx, {
          organizationId: platform.organization_id,
          type: "student.joined",
          payload: { classId, userId: user.id, via: "lti" },
        });
      }
      await repo.upsertMember(trx, {
        organizationId: platform.organization_id,
        classId,
        userId: user.id,
        role,
        status: "active",
      });
      let assignmentId: string | null = null;
      let deepLinkRequestId: string | null = null;
      if (messageType === "LtiResourceLinkRequest") {
        assignmentId = await provisionAssignment(trx, platform, payload, classId, user.id);
        if (!assignmentId && role === "student")
          throw new LtiError("Your teacher has not chosen an exercise for this link yet.");
      } else {
        const settings = payload[DL_SETTINGS] as { deep_link_return_url?: string; data?: string } | undefined;
        if (!settings?.deep_link_return_url) throw new LtiError("The deep-linking request has no return URL.");
        deepLinkRequestId = newId();
        const now = Date.now();
        await trx
          .insertInto("lti_deep_link_requests")
          .values({
            id: deepLinkRequestId,
            organization_id: platform.organization_id,
            platform_id: platform.id,
            user_id: user.id,
            deployment_id: deploymentId,
            return_url: settings.deep_link_return_url,
            data: typeof settings.data === "string" ? settings.data : null,
            created_at: new Date(now).toISOString(),
            expires_at: new Date(now + DEEP_LINK_TTL_MS).toISOString(),
            used_at: null,
          })
          .execute();
      }
      await trx
        .insertInto("lti_tickets")
        .values({
          id: hashToken(ticket),
          organization_id: platform.organization_id,
          user_id: user.id,
          payload: JSON.stringify({ role: orgRole, classId, assignmentId, deepLinkRequestId }),
          expires_at: new Date(Date.now() + TICKET_TTL_MS).toISOString(),
          used_at: null,
        })
        .execute();
      await repo.insertLaunchLog(trx, {
        organizationId: platform.organization_id,
        platformId: platform.id,
        messageType: String(messageType),
        userId: user.id,
        error: null,
      });
      return { userId: user.id, classId, role };
    }),
  );
  notifyEventsWritten();
  if (result.role === "teacher") {
    const { queueRosterSync } = await import("./lti.roster.ts");
    await queueRosterSync(ctx, platform.organization_id, result.classId).catch(() => undefined);
  }
  return {
    location: `/lti/app?ticket=${encodeURIComponent(ticket)}`,
    userId: result.userId,
    organizationId: platform.organization_id,
  };
}

/** Records a refused launch in the platform's log when the platform is known from the (unverified) token. */
export async function logRefusedLaunch(ctx: AppContext, idToken: string | undefined, error: string): Promise<void> {
  let platformId: string | null = null;
  let organizationId: string | null = null;
  let messageType: string | null = null;
  try {
    const claims = idToken ? decodeJwt(idToken) : null;
    if (claims && typeof claims.iss === "string") {
      const aud = Array.isArray(claims.aud) ? (claims.azp as string | undefined) : claims.aud;
      const platform = await repo.findPlatformByIssuer(
        ctx.database.db,
        claims.iss,
        typeof aud === "string" ? aud : undefined,
      );
      platformId = platform?.id ?? null;
      organizationId = platform?.organization_id ?? null;
      messageType = typeof claims[`${LTI}message_type`] === "string" ? String(claims[`${LTI}message_type`]) : null;
    }
  } catch {
    // Not a JWT: nothing to attribute the refusal to.
  }
  if (!organizationId) return;
  await repo.insertLaunchLog(ctx.database.db, { organizationId, platformId, messageType, userId: null, error });
}
