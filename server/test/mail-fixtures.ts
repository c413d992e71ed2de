/**
 * Mail test helpers: a real SMTP server (smtp-server) on 127.0.0.1 that collects messages, a small MIME reader for
 * the text and HTML parts, and class/assignment rows written straight into the database.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { newId, nowIso } from "../src/lib/ids.ts";
import { createPublishedExercise } from "./factories.ts";
import { addMember, type TestApp } from "./harness.ts";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
  html: string;
}

/** Decodes a MIME part's body by its Content-Transfer-Encoding. */
function decodePart(headers: string, body: string): string {
  const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** Unfolds and decodes an RFC 2047 header value (nodemailer encodes non-ASCII subjects). */
function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]+/g, " ")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodePart("content-transfer-encoding: quoted-printable", data.replace(/_/g, " ")),
    );
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const split = raw.indexOf("\r\n\r\n") >= 0 ? "\r\n\r\n" : "\n\n";
  const head = raw.slice(0, raw.indexOf(split));
  const subject = decodeHeader(/^subject:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1] ?? "");
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  let text = "";
  let html = "";
  for (const part of boundary ? raw.split(`--${boundary}`) : [raw]) {
    const at = part.indexOf(split);
    if (at < 0) continue;
    const headers = part.slice(0, at);
    const body = part.slice(at + split.length).replace(/\r?\n$/, "");
    if (/content-type:\s*text\/plain/i.test(headers)) text = decodePart(headers, body);
    else if (/content-type:\s*text\/html/i.test(headers)) html = decodePart(headers, body);
  }
  return { ...envelope, raw, subject, text, html };
}

/** An SMTP server on 127.0.0.1 and a random port. `failNext` makes the next N messages fail with a 451. */
export class SmtpSink {
  messages: ReceivedMail[] = [];
  failNext = 0;
  port = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (this.failNext > 0) {
          this.failNext--;
          const err = Object.assign(new Error("Try again later"), { responseCode: 451 });
          return callback(err);
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        this.messages.push(parseMail(Buffer.concat(chunks).toString("utf8"), envelope));
        callback();
      });
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A class with students and an assignment due at `dueAt`, written straight into the tables. */
export async function classWithAssignment(
  t: TestApp,
  orgId: string,
  opts: { students: number; dueAt: string | null; title?: string; className?: string },
) {
  const db = t.ctx.database.db;
  const now = nowIso();
  const classId = newId();
  await db
    .insertInto("classes")
    .values({
      id: classId,
      organization_id: orgId,
      name: opts.className ?? "B1 Monday",
      description: null,
      join_code: newId().replace(/-/g, "").slice(-10).toUpperCase(),
      created_by: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
  const students: Awaited<ReturnType<typeof addMember>>[] = [];
  for (let i = 0; i < opts.students; i++) {
    const s = await addMember(t, orgId, "student", `Student ${String.fromCharCode(65 + i)}`);
    await db
      .insertInto("class_students")
      .values({ class_id: classId, organization_id: orgId, user_id: s.userId, added_via: "teacher", created_at: now })
      .execute();
    students.push(s);
  }
  const ex = await createPublishedExercise(t, orgId, { title: opts.title ?? "Past simple" });
  const assignmentId = newId();
  await db
    .insertInto("assignments")
    .values({
      id: assignmentId,
      organization_id: orgId,
      class_id: classId,
      exercise_id: ex.exerciseId,
      exercise_version_id: ex.versionId,
      exercise_version: ex.version,
      title: opts.title ?? "Past simple",
      opens_at: null,
      due_at: opts.dueAt,
      max_attempts: 1,
      feedback: "immediate",
      allow_late: 0,
      shuffle: 0,
      max_score: ex.maxScore,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { classId, assignmentId, students, maxScore: ex.maxScore };
}

/** A submitted attempt with one essay response, graded by `gradedBy` when given. */
export async function submittedAttemptWithEssay(
  t: TestApp,
  orgId: string,
  a: { assignmentId: string; classId: string; userId: string },
  grade: { score: number; comment: string; gradedBy: string | null },
) {
  const db = t.ctx.database.db;
  const now = nowIso();
  const attemptId = newId();
  await db
    .insertInto("attempts")
    .values({
      id: attemptId,
      organization_id: orgId,
      assignment_id: a.assignmentId,
      class_id: a.classId,
      user_id: a.userId,
      number: 1,
      status: "submitted",
      started_at: now,
      submitted_at: now,
      late: 0,
      score: grade.gradedBy ? grade.score : 0,
      max_score: 10,
      pending_count: grade.gradedBy ? 0 : 1,
      time_on_task_seconds: 60,
      active_seconds: 60,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto("responses")
    .values({
      id: newId(),
      organization_id: orgId,
      attempt_id: attemptId,
      assignment_id: a.assignmentId,
      user_id: a.userId,
      item_id: "q9",
      item_type: "essay",
      response: JSON.stringify({ text: "My town is small." }),
      normalized_text: null,
      score: grade.gradedBy ? grade.score : 0,
      max_score: 10,
      status: grade.gradedBy ? "partial" : "pending",
      parts: "[]",
      feedback: "[]",
      error_categories: "[]",
      comment: grade.gradedBy ? grade.comment : null,
      rubric: null,
      graded_by: grade.gradedBy,
      graded_at: grade.gradedBy ? now : null,
      created_at: now,
    })
    .execute();
  return attemptId;
}
