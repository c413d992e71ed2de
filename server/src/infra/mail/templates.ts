/**
 * The mail we send, each with a plain-text and an HTML part. Every value from users (names, titles) is escaped in
 * the HTML part; links are built from PUBLIC_URL by the caller.
 */

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagged template that escapes every interpolated value. */
function html(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? escapeHtml(String(values[i])) : ""), "");
}

function layout(title: string, body: string, action?: { label: string; url: string }): string {
  const button = action
    ? html`<p><a href="${action.url}" style="display:inline-block;padding:10px 16px;background:#2557d6;color:#fff;border-radius:4px;text-decoration:none">${action.label}</a></p>
<p style="color:#666;font-size:13px">Or open this link: <a href="${action.url}">${action.url}</a></p>`
    : "";
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:560px;margin:0 auto;padding:24px">
${body}
${button}
<p style="color:#888;font-size:12px">Language Cloud</p>
</body></html>`;
}

function formatDate(iso: string): string {
  return new Date(iso).toUTCString().replace(/:\d\d GMT$/, " UTC");
}

export function invitationMail(p: { organizationName: string; role: string; link: string }): RenderedMail {
  const subject = `You are invited to join ${p.organizationName} on Language Cloud`;
  return {
    subject,
    text: `Hello,\n\nYou have been invited to join ${p.organizationName} on Language Cloud as ${p.role}.\n\nAccept the invitation: ${p.link}\n\nThe invitation is valid for 7 days. If you did not expect it, ignore this message.\n`,
    html: layout(
      subject,
      html`<p>Hello,</p><p>You have been invited to join <strong>${p.organizationName}</strong> on Language Cloud as ${p.role}.</p><p>The invitation is valid for 7 days. If you did not expect it, ignore this message.</p>`,
      { label: "Accept the invitation", url: p.link },
    ),
  };
}

export function passwordResetMail(p: { name: string; link: string; expiresAt: string }): RenderedMail {
  const subject = "Reset your Language Cloud password";
  return {
    subject,
    text: `Hello ${p.name},\n\nSomeone (hopefully you) asked to reset your password. Choose a new one here:\n${p.link}\n\nThe link works until ${formatDate(p.expiresAt)}. If you did not ask, ignore this message: your password stays as it is.\n`,
    html: layout(
      subject,
      html`<p>Hello ${p.name},</p><p>Someone (hopefully you) asked to reset your password. The link works until ${formatDate(p.expiresAt)}.</p><p>If you did not ask, ignore this message: your password stays as it is.</p>`,
      { label: "Choose a new password", url: p.link },
    ),
  };
}

export function accountSetupMail(p: {
  name: string;
  organizationName: string;
  className: string;
  link: string;
  expiresAt: string;
}): RenderedMail {
  const subject = `You have been added to ${p.className} on Language Cloud`;
  return {
    subject,
    text: `Hello ${p.name},\n\nYour teacher at ${p.organizationName} added you to the class ${p.className}. Choose your password here to sign in and see your work:\n${p.link}\n\nThe link works until ${formatDate(p.expiresAt)}; after that, use "Forgot your password?" on the sign-in page.\n`,
    html: layout(
      subject,
      html`<p>Hello ${p.name},</p><p>Your teacher at ${p.organizationName} added you to the class ${p.className}. Choose your password to sign in and see your work.</p><p>The link works until ${formatDate(p.expiresAt)}; after that, use “Forgot your password?” on the sign-in page.</p>`,
      { label: "Choose your password", url: p.link },
    ),
  };
}

export function assignmentPublishedMail(p: {
  studentName: string;
  title: string;
  className: string;
  dueAt: string | null;
  link: string;
}): RenderedMail {
  const subject = `New work in ${p.className}: ${p.title}`;
  const due = p.dueAt ? ` It is due ${formatDate(p.dueAt)}.` : "";
  return {
    subject,
    text: `Hello ${p.studentName},\n\nYour teacher has set new work in ${p.className}: ${p.title}.${due}\n\nStart it here: ${p.link}\n`,
    html: layout(
      subject,
      html`<p>Hello ${p.studentName},</p><p>Your teacher has set new work in <strong>${p.className}</strong>: ${p.title}.${due}</p>`,
      { label: "Start", url: p.link },
    ),
  };
}

export function dueReminderMail(p: {
  studentName: string;
  title: string;
  className: string;
  dueAt: string;
  link: string;
}) {
  const subject = `Reminder: ${p.title} is due ${formatDate(p.dueAt)}`;
  return {
    subject,
    text: `Hello ${p.studentName},\n\n${p.title} (${p.className}) is due ${formatDate(p.dueAt)} and you have not submitted it yet.\n\nFinish it here: ${p.link}\n`,
    html: layout(
      subject,
      html`<p>Hello ${p.studentName},</p><p><strong>${p.title}</strong> (${p.className}) is due ${formatDate(p.dueAt)} and you have not submitted it yet.</p>`,
      { label: "Finish it", url: p.link },
    ),
  } satisfies RenderedMail;
}

export function essayGradedMail(p: {
  studentName: string;
  title: string;
  score: number;
  maxScore: number;
  comment: string | null;
  link: string;
}): RenderedMail {
  const subject = `Your writing in ${p.title} has been graded`;
  const comment = p.comment ? `\n\nYour teacher wrote:\n${p.comment}` : "";
  return {
    subject,
    text: `Hello ${p.studentName},\n\nYour teacher has graded your writing in ${p.title}: ${p.score} / ${p.maxScore}.${comment}\n\nSee the feedback: ${p.link}\n`,
    html: layout(
      subject,
      html`<p>Hello ${p.studentName},</p><p>Your teacher has graded your writing in <strong>${p.title}</strong>: ${p.score} / ${p.maxScore}.</p>` +
        (p.comment
          ? html`<p>Your teacher wrote:</p><blockquote style="white-space:pre-wrap">${p.comment}</blockquote>`
          : ""),
      { label: "See the feedback", url: p.link },
    ),
  };
}

/** A teacher fixed the answer key (or corrected one item's score) and the student's score changed. */
export function regradedMail(p: {
  studentName: string;
  title: string;
  /** Null when the review policy does not show the score yet. */
  score: number | null;
  maxScore: number;
  link: string;
}): RenderedMail {
  const subject = `Your score in ${p.title} was corrected`;
  const line = p.score === null ? "" : ` Your score is now ${p.score} / ${p.maxScore}.`;
  return {
    subject,
    text: `Hello ${p.studentName},\n\nYour teacher corrected the marking of ${p.title}.${line}\n\nSee your work: ${p.link}\n`,
    html: layout(
      subject,
      html`<p>Hello ${p.studentName},</p><p>Your teacher corrected the marking of <strong>${p.title}</strong>.${line}</p>`,
      { label: "See your work", url: p.link },
    ),
  };
}

export function webhookDisabledMail(p: { organizationName: string; url: string; reason: string; link: string }) {
  const subject = `A webhook of ${p.organizationName} was disabled`;
  return {
    subject,
    text: `Hello,\n\nThe webhook ${p.url} of ${p.organizationName} was disabled: ${p.reason}.\n\nFix the receiver, then switch the webhook on again and redeliver what it missed: ${p.link}\n`,
    html: layout(
      subject,
      html`<p>Hello,</p><p>The webhook <code>${p.url}</code> of <strong>${p.organizationName}</strong> was disabled: ${p.reason}.</p><p>Fix the receiver, then switch the webhook on again and redeliver what it missed.</p>`,
      { label: "Open the webhook", url: p.link },
    ),
  } satisfies RenderedMail;
}
