/**
 * Mail caused by outbox events: invitations, password resets, new assignments, graded writing, disabled webhooks.
 * `mailForEvent` is idempotent per (event, recipient) thanks to sent_mails, so the job system may hand an event
 * over again (a crash, a retry after an SMTP failure) without anyone getting the mail twice. A failed send releases
 * its claim and throws, so the job is retried; the recipients already served are skipped on the retry.
 */
import { createHash } from "node:crypto";
import type { AppContext } from "../../context.ts";
import { mailerFor, publicBaseUrl } from "../../infra/mail/mailer.ts";
import {
  accountSetupMail,
  assignmentPublishedMail,
  essayGradedMail,
  invitationMail,
  passwordResetMail,
  type RenderedMail,
  regradedMail,
  webhookDisabledMail,
} from "../../infra/mail/templates.ts";
import { resultsVisibleToStudent } from "../assignments/feedback.ts";
import * as repo from "./notifications.repository.ts";

export interface MailEvent {
  id: string;
  organizationId: string | null;
  type: string;
  payload: Record<string, unknown>;
}

/** The event types that cause mail (the job wiring subscribes to exactly these). */
export const MAIL_EVENT_TYPES = [
  "member.invited",
  "password_reset.requested",
  "account.setup_requested",
  "assignment.created",
  "attempt.graded",
  "attempt.regraded",
  "webhook.disabled",
] as const;

interface Outgoing {
  to: string;
  template: string;
  mail: RenderedMail;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * Sends each message unless (key, recipient) was sent before. Returns how many went out now. Throws after the
 * first failed send (its claim released), leaving the rest for the retry.
 */
export async function sendOnce(ctx: AppContext, key: string, messages: Outgoing[]): Promise<number> {
  const db = ctx.database.db;
  const mailer = mailerFor(ctx);
  let sent = 0;
  for (const m of messages) {
    const to = m.to.toLowerCase();
    if (!(await repo.claimMail(db, key, to, m.template))) continue;
    try {
      await mailer.send({
        to,
        ...m.mail,
        // The same on a retry, so a receiving server (or a person) can recognise a duplicate.
        messageId: `<${key}.${createHash("sha256").update(to).digest("hex").slice(0, 16)}@languagecloud>`,
      });
    } catch (err) {
      await repo.releaseMail(db, key, to);
      // The address is personal data: the log names the template and the event, not the recipient.
      ctx.logger.warn({ err: (err as Error).message, key, template: m.template }, "mail send failed; will retry");
      throw err;
    }
    await repo.markMailSent(db, key, to);
    sent++;
  }
  return sent;
}

/** Event types whose payload carries a secret link token, needed only until the mail is out. */
const TOKEN_EVENTS = new Set(["member.invited", "password_reset.requested", "account.setup_requested"]);

/**
 * Renders the mail an event causes (possibly none) and sends it once per recipient. Once sent, a token in the
 * event's payload is removed from the stored row: the link lives in the mailbox, not in the database in clear.
 */
export async function mailForEvent(ctx: AppContext, event: MailEvent): Promise<number> {
  const messages = await messagesFor(ctx, event);
  const sent = messages.length ? await sendOnce(ctx, event.id, messages) : 0;
  if (TOKEN_EVENTS.has(event.type) && typeof event.payload.token === "string") {
    const { token: _sent, ...rest } = event.payload;
    await repo.replaceEventPayload(ctx.database.db, event.id, JSON.stringify({ ...rest, token: null }));
  }
  return sent;
}

async function messagesFor(ctx: AppContext, event: MailEvent): Promise<Outgoing[]> {
  const base = publicBaseUrl(ctx.config);
  const db = ctx.database.db;
  const p = event.payload;
  const orgId = event.organizationId;
  switch (event.type) {
    case "member.invited": {
      if (!orgId) return [];
      const organizationName = str(p.organizationName) || (await repo.organizationName(db, orgId)) || "Language Cloud";
      const link = `${base}/invite/${encodeURIComponent(str(p.token))}`;
      return [
        {
          to: str(p.email),
          template: "invitation",
          mail: invitationMail({ organizationName, role: str(p.role), link }),
        },
      ];
    }
    case "password_reset.requested": {
      const link = `${base}/reset-password?token=${encodeURIComponent(str(p.token))}`;
      const mail = passwordResetMail({ name: str(p.name), link, expiresAt: str(p.expiresAt) });
      return [{ to: str(p.email), template: "password_reset", mail }];
    }
    case "account.setup_requested": {
      if (!orgId) return [];
      const cls = await repo.className(db, orgId, str(p.classId));
      const organizationName = (await repo.organizationName(db, orgId)) || "Language Cloud";
      const link = `${base}/reset-password?token=${encodeURIComponent(str(p.token))}`;
      const mail = accountSetupMail({
        name: str(p.name),
        organizationName,
        className: cls ?? "your class",
        link,
        expiresAt: str(p.expiresAt),
      });
      return [{ to: str(p.email), template: "account_setup", mail }];
    }
    case "assignment.created": {
      if (!orgId) return [];
      const a = await repo.assignmentWithClass(db, orgId, str(p.assignmentId));
      if (!a) return [];
      const students = await repo.classStudents(db, orgId, a.class_id);
      const link = `${base}/o/${encodeURIComponent(orgId)}/my`;
      return students.map((s) => ({
        to: s.email,
        template: "assignment_published",
        mail: assignmentPublishedMail({
          studentName: s.name,
          title: a.title,
          className: a.class_name,
          dueAt: a.due_at,
          link,
        }),
      }));
    }
    case "attempt.graded": {
      // Emitted when a teacher's grade leaves nothing pending. Only writing (essays) is worth a mail: other items
      // were graded, with feedback, the moment the student submitted.
      if (!orgId) return [];
      const attempt = await repo.gradedAttempt(db, orgId, str(p.attemptId));
      if (!attempt || attempt.pending_count > 0 || !attempt.essays.some((e) => e.graded_by)) return [];
      const comment =
        attempt.essays
          .map((e) => e.comment)
          .filter((c): c is string => !!c)
          .join("\n\n") || null;
      const link = `${base}/o/${encodeURIComponent(orgId)}/attempts/${encodeURIComponent(attempt.id)}`;
      const mail = essayGradedMail({
        studentName: attempt.name,
        title: attempt.title,
        score: attempt.score ?? 0,
        maxScore: attempt.max_score,
        comment,
        link,
      });
      return [{ to: attempt.email, template: "essay_graded", mail }];
    }
    case "attempt.regraded": {
      // A fixed key or a teacher's override changed the score: the student hears of it once per change (the
      // event id keys the mail), with the score only when the review policy already shows it.
      if (!orgId) return [];
      const attempt = await repo.gradedAttempt(db, orgId, str(p.attemptId));
      if (!attempt || attempt.status !== "submitted") return [];
      const visible = resultsVisibleToStudent(attempt) && attempt.pending_count === 0;
      const link = `${base}/o/${encodeURIComponent(orgId)}/attempts/${encodeURIComponent(attempt.id)}`;
      const mail = regradedMail({
        studentName: attempt.name,
        title: attempt.title,
        score: visible ? (attempt.score ?? 0) : null,
        maxScore: attempt.max_score,
        link,
      });
      return [{ to: attempt.email, template: "attempt_regraded", mail }];
    }
    case "webhook.disabled": {
      if (!orgId) return [];
      const organizationName = (await repo.organizationName(db, orgId)) ?? "your organization";
      const link = `${base}/o/${encodeURIComponent(orgId)}/admin/webhooks`;
      const mail = webhookDisabledMail({ organizationName, url: str(p.url), reason: str(p.reason), link });
      const admins = await repo.organizationAdmins(db, orgId);
      return admins.map((a) => ({ to: a.email, template: "webhook_disabled", mail }));
    }
    default:
      return [];
  }
}
