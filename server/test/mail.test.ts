/**
 * Mail read back from a real SMTP server (smtp-server on 127.0.0.1): contents and links of every template, once
 * per (event, recipient) even when an event is handled again, retried after an SMTP failure, reminders only to
 * students who have not submitted and never twice, and `.eml` files when no SMTP server is configured.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailer } from "../src/infra/mail/mailer.ts";
import { escapeHtml } from "../src/infra/mail/templates.ts";
import { newId, nowIso } from "../src/lib/ids.ts";
import { type MailEvent, mailForEvent } from "../src/modules/notifications/notifications.service.ts";
import { sendDueReminders } from "../src/modules/notifications/reminders.ts";
import { addMember, Client, createTestApp, signUp, type TestApp, testEngines } from "./harness.ts";
import { classWithAssignment, SmtpSink, submittedAttemptWithEssay } from "./mail-fixtures.ts";

const PUBLIC = "https://school.example.com";
const HOUR = 3_600_000;

describe.each(testEngines())("mail on %s", (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof signUp>>;
  const smtp = new SmtpSink();

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp(engine, {
      SMTP_URL: smtp.url,
      PUBLIC_URL: PUBLIC,
      MAIL_FROM: "Language Cloud <mail@school.example.com>",
    });
    org = await signUp(t.app, { organizationName: "Tom & Jerry <School>" });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.messages = [];
    smtp.failNext = 0;
  });

  async function lastEvent(type: string): Promise<MailEvent> {
    const row = await t.ctx.database.db
      .selectFrom("events")
      .selectAll()
      .where("type", "=", type)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    return { id: row.id, organizationId: row.organization_id, type: row.type, payload: JSON.parse(row.payload) };
  }

  it("sends an invitation with its accept link, HTML-escaped, and never twice for one event", async () => {
    const res = await org.client.post(`/api/v1/orgs/${org.orgId}/invitations`, {
      email: "Nina.New@Example.org",
      role: "teacher",
    });
    expect(res.statusCode).toBe(201);
    const event = await lastEvent("member.invited");
    expect(await mailForEvent(t.ctx, event)).toBe(1);
    const [mail] = smtp.to("nina.new@example.org");
    expect(mail?.from).toBe("mail@school.example.com");
    expect(mail?.subject).toBe("You are invited to join Tom & Jerry <School> on Language Cloud");
    const link = `${PUBLIC}/invite/${event.payload.token}`;
    expect(mail?.text).toContain(link);
    expect(mail?.text).toContain("as teacher");
    expect(mail?.html).toContain(`href="${link}"`);
    expect(mail?.html).toContain("Tom &#38; Jerry &#60;School&#62;");
    expect(mail?.html).not.toContain("<School>");
    // The link works: it accepts the invitation.
    const token = new URL(link).pathname.split("/").pop();
    const accepted = await new Client(t.app).post(`/api/v1/invitations/${token}/accept`, {
      name: "Nina",
      password: "nina's password",
    });
    expect(accepted.statusCode).toBe(200);
    // Handled again (a redelivery): nothing more is sent.
    expect(await mailForEvent(t.ctx, event)).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  });

  it("sends a password reset link that resets the password", async () => {
    expect((await new Client(t.app).post("/api/v1/auth/password-reset", { email: org.email })).statusCode).toBe(202);
    await mailForEvent(t.ctx, await lastEvent("password_reset.requested"));
    const [mail] = smtp.to(org.email);
    const link = /https:\/\/school\.example\.com\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "");
    expect(link, mail?.text).not.toBeNull();
    expect(mail?.html).toContain(`href="${link?.[0]}"`);
    expect(mail?.text).toContain("Olivia Owner");
    const confirm = await new Client(t.app).post("/api/v1/auth/password-reset/confirm", {
      token: link?.[1],
      password: "a brand new password",
    });
    expect(confirm.statusCode).toBe(204);
  });

  it("mails a student whom a teacher added a link to choose their first password, and only a new account", async () => {
    // A teacher of their own: the password reset above ended the owner's sessions.
    const teacher = (await addMember(t, org.orgId, "teacher")).client;
    const cls = (await teacher.post(`/api/v1/orgs/${org.orgId}/classes`, { name: "B2 <Evening>" })).json();
    const email = `added-${newId()}@example.com`;
    const added = await teacher.post(`/api/v1/orgs/${org.orgId}/classes/${cls.id}/students`, {
      email,
      name: "Nina New",
    });
    expect(added.statusCode, added.body).toBe(201);
    const event = await lastEvent("account.setup_requested");
    expect(event.payload.email).toBe(email);
    await mailForEvent(t.ctx, event);
    const [mail] = smtp.to(email);
    expect(mail?.subject).toBe("You have been added to B2 <Evening> on Language Cloud");
    expect(mail?.html).toContain(escapeHtml("B2 <Evening>"));
    expect(mail?.text).toContain("Tom & Jerry <School>");
    const link = /https:\/\/school\.example\.com\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "");
    expect(link, mail?.text).not.toBeNull();
    const confirm = await new Client(t.app).post("/api/v1/auth/password-reset/confirm", {
      token: link?.[1],
      password: "my very own password",
    });
    expect(confirm.statusCode).toBe(204);
    const login = await new Client(t.app).post("/api/v1/auth/login", { email, password: "my very own password" });
    expect(login.statusCode).toBe(200);

    // Someone who already has an account is only added: no mail about a password.
    const before = await lastEvent("account.setup_requested");
    const other = await teacher.post(`/api/v1/orgs/${org.orgId}/classes`, { name: "C1" });
    await teacher.post(`/api/v1/orgs/${org.orgId}/classes/${other.json().id}/students`, { email, name: "Nina" });
    expect((await lastEvent("account.setup_requested")).id).toBe(before.id);
  });

  it("tells the class's students about a new assignment, with its due date and link", async () => {
    const dueAt = new Date(Date.now() + 48 * HOUR).toISOString();
    const { assignmentId, classId, students } = await classWithAssignment(t, org.orgId, {
      students: 2,
      dueAt,
      title: "Irregular verbs <1>",
      className: "B1 Monday",
    });
    const other = await classWithAssignment(t, org.orgId, { students: 1, dueAt: null });
    const event: MailEvent = {
      id: newId(),
      organizationId: org.orgId,
      type: "assignment.created",
      payload: { assignmentId, classId, dueAt },
    };
    expect(await mailForEvent(t.ctx, event)).toBe(2);
    for (const s of students) {
      const [mail] = smtp.to(s.email);
      expect(mail?.subject).toBe("New work in B1 Monday: Irregular verbs <1>");
      expect(mail?.text).toContain(`${PUBLIC}/o/${org.orgId}/my`);
      expect(mail?.text).toContain(new Date(dueAt).toUTCString().slice(0, 16));
      expect(mail?.html).toContain("Irregular verbs &#60;1&#62;");
    }
    expect(smtp.to(other.students[0]?.email as string)).toHaveLength(0);
    expect(await mailForEvent(t.ctx, event)).toBe(0);
  });

  it("retries after an SMTP failure without mailing anyone twice", async () => {
    const { assignmentId, students } = await classWithAssignment(t, org.orgId, { students: 3, dueAt: null });
    const event: MailEvent = {
      id: newId(),
      organizationId: org.orgId,
      type: "assignment.created",
      payload: { assignmentId },
    };
    smtp.failNext = 1;
    await expect(mailForEvent(t.ctx, event)).rejects.toThrow();
    expect(smtp.messages).toHaveLength(0);
    // The retry (as the job system would run it) sends to all three, once each.
    expect(await mailForEvent(t.ctx, event)).toBe(3);
    expect(await mailForEvent(t.ctx, event)).toBe(0);
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(students.map((s) => s.email).sort());
    const rows = await t.ctx.database.db
      .selectFrom("sent_mails")
      .selectAll()
      .where("event_id", "=", event.id)
      .execute();
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("tells a student their writing was graded, with the comment, once the attempt is fully graded", async () => {
    const teacher = await addMember(t, org.orgId, "teacher");
    const c = await classWithAssignment(t, org.orgId, { students: 2, dueAt: null, title: "My town" });
    const [graded, pending] = c.students as [(typeof c.students)[0], (typeof c.students)[0]];
    const attemptId = await submittedAttemptWithEssay(
      t,
      org.orgId,
      { ...c, userId: graded.userId },
      { score: 7, comment: "Good use of <adjectives> & linkers.", gradedBy: teacher.userId },
    );
    const event: MailEvent = {
      id: newId(),
      organizationId: org.orgId,
      type: "attempt.graded",
      payload: { attemptId, assignmentId: c.assignmentId, userId: graded.userId, score: 7, maxScore: 10 },
    };
    expect(await mailForEvent(t.ctx, event)).toBe(1);
    const [mail] = smtp.to(graded.email);
    expect(mail?.subject).toBe("Your writing in My town has been graded");
    expect(mail?.text).toContain("7 / 10");
    expect(mail?.text).toContain("Good use of <adjectives> & linkers.");
    expect(mail?.html).toContain("Good use of &#60;adjectives&#62; &#38; linkers.");
    expect(mail?.text).toContain(`${PUBLIC}/o/${org.orgId}/attempts/${attemptId}`);
    // An attempt still waiting for its grade sends nothing.
    const waiting = await submittedAttemptWithEssay(
      t,
      org.orgId,
      { ...c, userId: pending.userId },
      { score: 0, comment: "", gradedBy: null },
    );
    expect(await mailForEvent(t.ctx, { ...event, id: newId(), payload: { attemptId: waiting } })).toBe(0);
  });

  it("tells the organization's admins when a webhook is disabled", async () => {
    const admin = await addMember(t, org.orgId, "admin");
    const teacher = await addMember(t, org.orgId, "teacher");
    const event: MailEvent = {
      id: newId(),
      organizationId: org.orgId,
      type: "webhook.disabled",
      payload: { webhookId: "w1", url: "https://hooks.example.com/in", reason: "every delivery failed since x" },
    };
    expect(await mailForEvent(t.ctx, event)).toBeGreaterThanOrEqual(2);
    expect(smtp.to(org.email)).toHaveLength(1);
    expect(smtp.to(admin.email)[0]?.text).toContain("https://hooks.example.com/in");
    expect(smtp.to(admin.email)[0]?.text).toContain(`${PUBLIC}/o/${org.orgId}/admin/webhooks`);
    expect(smtp.to(teacher.email)).toHaveLength(0);
  });

  it("reminds only students who have not submitted, within the lead time, never twice", async () => {
    const now = Date.now();
    const soon = await classWithAssignment(t, org.orgId, {
      students: 2,
      dueAt: nowIso(now + 10 * HOUR),
      title: "Soon",
    });
    const later = await classWithAssignment(t, org.orgId, {
      students: 1,
      dueAt: nowIso(now + 40 * HOUR),
      title: "Later",
    });
    const past = await classWithAssignment(t, org.orgId, { students: 1, dueAt: nowIso(now - HOUR), title: "Past" });
    const [done, notDone] = soon.students as [(typeof soon.students)[0], (typeof soon.students)[0]];
    await submittedAttemptWithEssay(
      t,
      org.orgId,
      { ...soon, userId: done.userId },
      { score: 0, comment: "", gradedBy: null },
    );

    expect(await sendDueReminders(t.ctx, now)).toBe(1);
    const [mail] = smtp.to(notDone.email);
    expect(mail?.subject).toMatch(/^Reminder: Soon is due /);
    expect(mail?.text).toContain(`${PUBLIC}/o/${org.orgId}/my`);
    expect(smtp.to(done.email)).toHaveLength(0);
    expect(smtp.to(later.students[0]?.email as string)).toHaveLength(0);
    expect(smtp.to(past.students[0]?.email as string)).toHaveLength(0);
    expect(await sendDueReminders(t.ctx, now + 60_000)).toBe(0);

    // A longer lead time reaches the later assignment, once.
    const lead = t.ctx.config.REMINDER_LEAD_HOURS;
    t.ctx.config.REMINDER_LEAD_HOURS = 41;
    try {
      expect(await sendDueReminders(t.ctx, now)).toBe(1);
      expect(smtp.to(later.students[0]?.email as string)).toHaveLength(1);
      expect(await sendDueReminders(t.ctx, now)).toBe(0);
    } finally {
      t.ctx.config.REMINDER_LEAD_HOURS = lead;
    }
  });

  it("gives a reminder back when SMTP fails, and sends it on the next run", async () => {
    const now = Date.now();
    const c = await classWithAssignment(t, org.orgId, { students: 1, dueAt: nowIso(now + 2 * HOUR), title: "Retry" });
    smtp.failNext = 1;
    await expect(sendDueReminders(t.ctx, now)).rejects.toThrow();
    expect(await sendDueReminders(t.ctx, now)).toBe(1);
    expect(smtp.to(c.students[0]?.email as string)).toHaveLength(1);
  });
});

describe("mail without SMTP", () => {
  it("writes each message as an .eml file under DATA_DIR/mail", async () => {
    const t = await createTestApp("sqlite");
    try {
      const mailer = createMailer(t.ctx.config);
      expect(mailer.kind).toBe("file");
      await mailer.send({
        to: "a@example.org",
        subject: "Hello file",
        text: "plain body",
        html: `<p>${escapeHtml("<b>")}</p>`,
      });
      const dir = join(t.dataDir, "mail");
      const files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
      expect(files).toHaveLength(1);
      const raw = readFileSync(join(dir, files[0] as string), "utf8");
      expect(raw).toMatch(/^Subject: Hello file$/m);
      expect(raw).toMatch(/^To: a@example.org$/m);
      expect(raw).toContain("plain body");
      expect(raw).toContain("&#60;b&#62;");
    } finally {
      await t.close();
    }
  });
});
