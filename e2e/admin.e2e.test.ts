/**
 * The teacher's and the admin's tools in a real browser against the real server: media upload (with progress) and
 * playback, a GIFT import whose error names its line, essays graded with a rubric in the grading queue, the
 * gradebook download, error patterns and progress of one student, members and invitations (accepted from the
 * invitation mail), an API key shown once and used, a webhook with its delivery log (to a receiver in this test).
 * Each page is checked with axe-core and for horizontal scrolling at 390 px, and leaves a screenshot in
 * e2e/screenshots/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launch, shot } from "./support/browser.ts";
import { DESKTOP, expectAccessible, expectFitsPhone, PASSWORD, PHONE } from "./support/checks.ts";
import { type RunningServer, startServer } from "./support/server.ts";

/** One second of a 440 Hz tone as 8 kHz 16-bit mono WAV. */
function wav(seconds: number): Buffer {
  const rate = 8000;
  const samples = Buffer.alloc(rate * seconds * 2);
  for (let i = 0; i < rate * seconds; i++)
    samples.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/** A 16×16 orange square as PNG. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(16, 0);
  ihdr.writeUInt32BE(16, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = Buffer.concat(
    Array.from({ length: 16 }, () => Buffer.from([0, ...Array(16).fill([230, 120, 20]).flat()])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Questions 1, 2 and 4 are fine; question 3 (line 6) never closes its brace. */
const GIFT_WITH_ERROR = [
  "// Irregular verbs",
  "::Q1:: Yesterday I {=went ~goed ~go} to the cinema.",
  "",
  '::Q2:: The past simple of "buy" is {=bought}.',
  "",
  "::Q3:: She {=has ~have a cat.",
  "",
  "::Q4:: Water boils at 100 °C at sea level. {T}",
  "",
].join("\n");
/** The same file with the broken question taken out. */
const GIFT_FIXED = GIFT_WITH_ERROR.replace("::Q3:: She {=has ~have a cat.\n\n", "");

/** The invitation link of the last mail to `email` (mail goes to DATA_DIR/mail/*.eml without SMTP). */
function invitationLink(dataDir: string, email: string): string | null {
  const dir = join(dataDir, "mail");
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return null;
  }
  for (const f of files.reverse()) {
    const raw = readFileSync(join(dir, f), "utf8");
    if (!raw.includes(`To: ${email}`)) continue;
    // Quoted-printable: soft line breaks and =XX escapes.
    const text = raw
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    const m = /https?:\/\/[^\s"<]+\/invite\/[A-Za-z0-9_-]+/.exec(text);
    if (m) return m[0];
  }
  return null;
}

interface Delivery {
  path: string;
  eventId: string;
  body: { type: string };
}

describe.skipIf(!hasChromium)("admin and teacher tools in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: Server;
  let receiverUrl = "";
  const received: Delivery[] = [];
  let owner: BrowserContext;
  let tp: Page;
  let orgId = "";
  let classId = "";
  let assignmentId = "";
  let joinCode = "";

  /** The owner's API calls with the browser's session cookie, for the setup a test does not look at. */
  async function ownerApi<T>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await tp.request.fetch(`/api/v1/orgs/${orgId}${path}`, { method, data });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  /** A student joins the class and submits an essay and a short answer through the API. */
  async function studentSubmits(name: string, email: string, essay: string, shortAnswer: string) {
    const join = await fetch(`${server.url}/api/v1/auth/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: joinCode, name, email, password: PASSWORD }),
    });
    expect(join.status, await join.clone().text()).toBe(201);
    const cookie = (join.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const start = await fetch(`${server.url}/api/v1/orgs/${orgId}/assignments/${assignmentId}/attempts`, {
      method: "POST",
      headers: { cookie },
    });
    expect(start.status, await start.clone().text()).toBe(201);
    const attempt = (await start.json()) as { id: string; exercise: { items: { id: string; type: string }[] } };
    const responses = Object.fromEntries(
      attempt.exercise.items.map((i) => [i.id, { text: i.type === "essay" ? essay : shortAnswer }]),
    );
    const submit = await fetch(`${server.url}/api/v1/orgs/${orgId}/attempts/${attempt.id}/submit`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "idempotency-key": `admin-e2e-${email}` },
      body: JSON.stringify({ responses }),
    });
    expect(submit.status, await submit.clone().text()).toBe(200);
  }

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        received.push({
          path: req.url ?? "",
          eventId: String(req.headers["languagecloud-event-id"] ?? ""),
          body: JSON.parse(body || "{}"),
        });
        res.statusCode = 200;
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const address = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hook`;
    // The receiver is on this machine: the SSRF guard lets the test's own address through, nothing else.
    [server, browser] = await Promise.all([startServer({ WEBHOOK_ALLOW_HOSTS: "127.0.0.1" }), launch()]);
    owner = await browser.newContext({ baseURL: server.url, viewport: DESKTOP, bypassCSP: true });
    owner.setDefaultTimeout(15_000);
    tp = await owner.newPage();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    await shot(tp, "admin-failed").catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("signs the owner up", async () => {
    await tp.goto("/signup");
    await tp.getByLabel("Organization name").fill("Hillside Language Centre");
    await tp.getByLabel("Your name").fill("Olga Owner");
    await tp.getByLabel("Email").fill("olga@example.com");
    await tp.getByLabel("Password").fill(PASSWORD);
    await tp.getByRole("button", { name: "Sign up" }).click();
    await tp.waitForURL(/\/o\/[^/]+\/library$/);
    orgId = /\/o\/([^/]+)\//.exec(tp.url())?.[1] ?? "";
    expect(orgId).not.toBe("");
  });

  it("uploads an audio file with visible progress and plays it; an image shows", async () => {
    await tp.goto(`/o/${orgId}/media`);
    await tp.getByRole("heading", { name: "Media", level: 1 }).waitFor();
    await tp.getByText("No files yet.").waitFor();

    // A slow connection (32 KB/s up) so that the progress bar has time to show.
    const cdp = await owner.newCDPSession(tp);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 32 * 1024,
    });
    await tp.getByLabel("Audio, image, video or PDF file").setInputFiles({
      name: "listening-unit-3.wav",
      mimeType: "audio/wav",
      buffer: wav(4),
    });
    await tp.getByRole("button", { name: "Upload", exact: true }).click();
    const progress = tp.getByRole("progressbar", { name: "Uploading" });
    await progress.waitFor();
    await expect.poll(async () => Number(await progress.getAttribute("value"))).toBeGreaterThan(0);
    await shot(tp, "media-uploading");
    await tp.getByRole("status").filter({ hasText: "Uploaded listening-unit-3.wav." }).waitFor();
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();

    const player = tp.getByLabel("Play listening-unit-3.wav");
    await player.waitFor();
    // The browser really loads the recording from the server (a Range request) and knows its length.
    const duration = await player.evaluate(
      (el) =>
        new Promise<number>((resolve, reject) => {
          const audio = el as HTMLAudioElement;
          if (audio.readyState >= 1) resolve(audio.duration);
          audio.addEventListener("loadedmetadata", () => resolve(audio.duration), { once: true });
          audio.addEventListener("error", () => reject(new Error(`media error ${audio.error?.code}`)), { once: true });
          audio.load();
        }),
    );
    expect(duration).toBeCloseTo(4, 0);

    await tp.getByLabel("Audio, image, video or PDF file").setInputFiles({
      name: "classroom.png",
      mimeType: "image/png",
      buffer: png(),
    });
    await tp.getByRole("button", { name: "Upload", exact: true }).click();
    const image = tp.getByRole("img", { name: "classroom.png" });
    await image.waitFor();
    await expect.poll(() => image.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(16);

    // Item 16 of issue 15: a document's "Open" link and its Delete button stay a finger apart, on a phone too.
    await tp.getByLabel("Audio, image, video or PDF file").setInputFiles({
      name: "worksheet.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
    });
    await tp.getByRole("button", { name: "Upload", exact: true }).click();
    const open = tp.getByRole("link", { name: "Open worksheet.pdf" });
    await open.waitFor();
    await tp.setViewportSize(PHONE);
    const [link, del] = [
      await open.boundingBox(),
      await tp.getByRole("button", { name: "Delete worksheet.pdf" }).boundingBox(),
    ];
    await tp.setViewportSize(DESKTOP);
    // The gap between the two boxes, across or down, whichever way they sit apart.
    const apart = Math.max(del!.y - (link!.y + link!.height), del!.x - (link!.x + link!.width));
    expect(apart).toBeGreaterThanOrEqual(8);

    // A file type the server refuses: its message under the field.
    await tp.getByLabel("Audio, image, video or PDF file").setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a recording"),
    });
    await tp.getByRole("button", { name: "Upload", exact: true }).click();
    await tp.getByRole("alert").filter({ hasText: "not accepted" }).waitFor();
    await expectAccessible(tp, "media");
    await expectFitsPhone(tp, "media");
    await shot(tp, "media");
  });

  it("imports GIFT: a broken question is reported with its line, the corrected file becomes a draft", async () => {
    await tp.goto(`/o/${orgId}/imports`);
    await tp.getByRole("heading", { name: "Import exercises" }).waitFor();
    await tp.getByLabel("Format").selectOption("gift");
    await tp.getByLabel("File to import").setInputFiles({
      name: "irregular-verbs.gift",
      mimeType: "text/plain",
      buffer: Buffer.from(GIFT_WITH_ERROR),
    });
    await tp.getByRole("button", { name: "Import", exact: true }).click();
    await tp.getByText("Not imported").waitFor();
    const problems = tp.getByRole("table", { name: /problem/ });
    const row = problems.locator("tbody tr");
    expect(await row.count()).toBe(1);
    expect(await row.locator("td").first().textContent()).toBe("6:12");
    expect(await row.locator("td").nth(1).textContent()).toMatch(/never closed/);
    await expectAccessible(tp, "import with an error");
    await shot(tp, "import-error");

    await tp.getByLabel("Title (optional)").fill("Irregular verbs");
    await tp.getByLabel("File to import").setInputFiles({
      name: "irregular-verbs.gift",
      mimeType: "text/plain",
      buffer: Buffer.from(GIFT_FIXED),
    });
    await tp.getByRole("button", { name: "Import", exact: true }).click();
    await tp.getByText("Imported", { exact: true }).waitFor();
    await tp.getByText("(3 items, draft)").waitFor();
    await expectAccessible(tp, "import done");
    await expectFitsPhone(tp, "imports");
    await shot(tp, "import-done");
    await tp.getByRole("link", { name: "Irregular verbs" }).click();
    await tp.waitForURL(/\/exercises\/[^/]+$/);
    expect(await tp.getByLabel("Title", { exact: true }).inputValue()).toBe("Irregular verbs");
  });

  it("grades an essay with the rubric in the grading queue", async () => {
    const exercise = await ownerApi<{ id: string }>("POST", "/exercises", {
      title: "My last holiday",
      level: "B1",
      skills: ["writing", "grammar"],
      items: [
        {
          type: "essay",
          prompt: "Write about your last holiday (60–120 words).",
          points: 10,
          rubric: [
            { criterion: "Grammar", points: 4 },
            { criterion: "Vocabulary", points: 3 },
            { criterion: "Organisation", points: 3 },
          ],
        },
        { type: "short_answer", prompt: "Write the past simple of “buy”.", answers: [{ text: "bought", fraction: 1 }] },
      ],
    });
    await ownerApi("POST", `/exercises/${exercise.id}/publish`);
    const cls = await ownerApi<{ id: string; joinCode: string }>("POST", "/classes", { name: "B1 Writing" });
    classId = cls.id;
    joinCode = cls.joinCode;
    assignmentId = (
      await ownerApi<{ id: string }>("POST", "/assignments", {
        exerciseId: exercise.id,
        classId,
        feedback: "immediate",
      })
    ).id;
    await studentSubmits(
      "Eva Essay",
      "eva@example.com",
      "Last summer I goed to Spain with my family. We swimmed in the sea every day.",
      "buyed",
    );
    await studentSubmits("Omar Other", "omar@example.com", "In August I visited my grandmother.", "bought");

    await tp.goto(`/o/${orgId}/classes/${classId}`);
    await tp.getByRole("link", { name: "Assignments", exact: true }).click();
    await tp.getByRole("link", { name: "Grading for My last holiday" }).click();
    await tp.getByRole("heading", { name: "Grading queue: My last holiday" }).waitFor();
    await tp.getByText("2 answers are waiting for a grade.").waitFor();
    await expectAccessible(tp, "grading queue");
    await expectFitsPhone(tp, "grading queue");

    const eva = tp.getByRole("form", { name: "Grade Eva Essay" });
    // Over the criterion's points: the server's message sits at that criterion.
    await eva.getByLabel("Grammar (0–4)").fill("5");
    await eva.getByLabel("Vocabulary (0–3)").fill("2");
    await eva.getByLabel("Organisation (0–3)").fill("2");
    await eva.getByRole("button", { name: /Save grade/ }).click();
    await eva.getByText("must be at most 4").waitFor();
    await eva.getByLabel("Grammar (0–4)").fill("3");
    await eva.getByText("Rubric total: 7 of 10").waitFor();
    await eva.getByLabel("Comment for the student").fill("Watch the irregular past forms: went, swam.");
    await shot(tp, "grading-rubric");
    await eva.getByRole("button", { name: /Save grade/ }).click();
    await tp.getByText("Saved: Eva Essay has 7 of 10.").waitFor();
    await tp.getByText("One answer is waiting for a grade.").waitFor();
    expect(await tp.getByRole("form", { name: "Grade Eva Essay" }).count()).toBe(0);
    await shot(tp, "grading-saved");
  });

  it("downloads the gradebook: graded work has its score, work waiting for a grade says so", async () => {
    await tp.getByRole("link", { name: "Back to the class" }).click();
    await tp.getByRole("heading", { name: "B1 Writing", level: 1 }).waitFor();
    const [download] = await Promise.all([
      tp.waitForEvent("download"),
      tp.getByRole("link", { name: "Download gradebook (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("gradebook B1 Writing.csv");
    const csv = readFileSync(await download.path(), "utf8").replace(/^\ufeff/, "");
    const rows = csv.trim().split(/\r?\n/);
    expect(rows[0]).toBe("Name,Email,My last holiday (/11),Average %");
    expect(rows).toContain("Eva Essay,eva@example.com,7,63.6");
    expect(rows).toContain("Omar Other,omar@example.com,pending,");
  });

  it("shows error patterns per student and a student's progress with their name", async () => {
    await tp.getByRole("link", { name: "Error patterns", exact: true }).click();
    await tp.getByLabel("Student").selectOption({ label: "Eva Essay" });
    const mistakes = tp.getByRole("list", { name: "Mistakes by category" });
    await mistakes.waitFor();
    expect(await mistakes.locator("li").count()).toBeGreaterThan(0);
    expect(await mistakes.textContent()).toContain("buyed");
    await expectAccessible(tp, "error patterns of a student");
    await expectFitsPhone(tp, "error patterns");
    await shot(tp, "patterns-student");
    await tp.getByLabel("Student").selectOption({ label: "Omar Other" });
    await tp.getByText("No mistakes recorded yet.").waitFor();

    await tp.getByRole("link", { name: "Students", exact: true }).click();
    await tp.getByRole("link", { name: "Progress of Eva Essay" }).click();
    await tp.getByRole("heading", { name: "Progress of Eva Essay", level: 1 }).waitFor();
    await tp.getByRole("table", { name: "Progress by skill" }).waitFor();
    await expectAccessible(tp, "student progress");
    await expectFitsPhone(tp, "student progress");
    await shot(tp, "student-progress");
    await tp.getByRole("link", { name: "Back to the class" }).click();
    await tp.getByRole("heading", { name: "B1 Writing", level: 1 }).waitFor();
  });

  it("invites a teacher who accepts from the mail; the owner then makes them an admin", async () => {
    await tp.goto(`/o/${orgId}/admin/members`);
    await tp.getByRole("heading", { name: "Members", level: 1 }).waitFor();
    await tp.getByLabel("Email").fill("tom@example.com");
    await tp.getByLabel("Role", { exact: true }).selectOption("teacher");
    await tp.getByRole("button", { name: "Send invitation" }).click();
    await tp.getByText("Invitation sent to tom@example.com as teacher.").waitFor();
    await tp.getByText(/tom@example.com as teacher · pending/).waitFor();
    // Inviting someone who is already a member is refused at the field.
    await tp.getByLabel("Email").fill("eva@example.com");
    await tp.getByRole("button", { name: "Send invitation" }).click();
    await tp.getByText("already a member").waitFor();
    await expectAccessible(tp, "members");
    await shot(tp, "members-invited");

    await expect.poll(() => invitationLink(server.dataDir, "tom@example.com"), { timeout: 10_000 }).not.toBeNull();
    const link = invitationLink(server.dataDir, "tom@example.com") as string;
    const tom = await browser.newContext({ baseURL: server.url, viewport: PHONE, bypassCSP: true });
    tom.setDefaultTimeout(15_000);
    try {
      const page = await tom.newPage();
      await page.goto(new URL(link).pathname);
      await page.getByRole("heading", { name: "Accept your invitation" }).waitFor();
      await page.getByLabel("Your name").fill("Tom Teacher");
      await page.getByLabel("Password").fill(PASSWORD);
      await expectAccessible(page, "accept invitation");
      await page.getByRole("button", { name: "Accept invitation" }).click();
      await page.waitForURL(new RegExp(`/o/${orgId}/library$`));
    } finally {
      await tom.close();
    }

    await tp.reload();
    await tp.getByText(/tom@example.com as teacher · accepted/).waitFor();
    const role = tp.getByLabel("Role of Tom Teacher");
    expect(await role.inputValue()).toBe("teacher");
    // Choosing in the list changes nothing until it is saved (arrow keys walk the options safely).
    await role.selectOption("admin");
    await tp.getByRole("button", { name: "Save the role of Tom Teacher" }).click();
    await tp.getByText("Tom Teacher is now admin.").waitFor();
    const members = await ownerApi<{ items: { user: { name: string }; role: string }[] }>("GET", "/members");
    expect(members.items.find((m) => m.user.name === "Tom Teacher")?.role).toBe("admin");
    await expectAccessible(tp, "members after the role change");
    await expectFitsPhone(tp, "members");
    await shot(tp, "members-role-changed");
  });

  it("creates an API key whose secret is shown once and works", async () => {
    await tp.goto(`/o/${orgId}/admin/api-keys`);
    await tp.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    await tp.getByText("No API keys.").waitFor();
    await tp.getByRole("button", { name: "Create key" }).click();
    await tp.getByText("is required").waitFor();
    await tp.getByLabel("Key name").fill("Moodle sync");
    await tp.getByLabel("Role", { exact: true }).selectOption("teacher");
    await tp.getByRole("button", { name: "Create key" }).click();
    await tp.getByRole("heading", { name: 'Your new key "Moodle sync"' }).waitFor();
    const secret = await tp.getByLabel("API key", { exact: true }).inputValue();
    expect(secret).toMatch(/^lc_/);
    await expectAccessible(tp, "API key shown once");
    await expectFitsPhone(tp, "API keys");
    await shot(tp, "api-key-created");

    const res = await fetch(`${server.url}/api/v1/orgs/${orgId}/classes`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);

    await tp.getByRole("button", { name: "I have copied it" }).click();
    await tp.reload();
    await tp.getByText("Moodle sync").first().waitFor();
    expect(await tp.content()).not.toContain(secret);
    await tp.getByText(secret.slice(0, 11)).waitFor(); // the prefix that recognises it
  });

  it("adds a webhook and shows its delivery log", async () => {
    await tp.goto(`/o/${orgId}/admin/webhooks`);
    await tp.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await tp.getByLabel("URL").fill("http://10.1.2.3/hook");
    await tp.getByRole("button", { name: "Add webhook" }).click();
    await tp.getByText(/not allowed \(private\)/).waitFor();
    expect(
      await tp
        .getByRole("alert")
        .filter({ hasText: /not allowed/ })
        .count(),
    ).toBe(1);

    await tp.getByLabel("URL").fill(receiverUrl);
    await tp.getByLabel(/student\.joined/).check();
    await tp.getByRole("button", { name: "Add webhook" }).click();
    await tp.getByRole("heading", { name: `Signing secret for ${receiverUrl}` }).waitFor();
    expect(await tp.getByLabel("Signing secret", { exact: true }).inputValue()).not.toBe("");
    await tp.getByRole("button", { name: "I have copied it" }).click();

    // A student joins: the event goes out to the receiver, signed, once.
    const join = await fetch(`${server.url}/api/v1/auth/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: joinCode, name: "Nina New", email: "nina@example.com", password: PASSWORD }),
    });
    expect(join.status).toBe(201);
    await expect.poll(() => received.filter((d) => d.body.type === "student.joined").length).toBe(1);

    const hooks = await ownerApi<{ items: { id: string; url: string }[] }>("GET", "/webhooks");
    const hookId = hooks.items.find((h) => h.url === receiverUrl)?.id;
    await expect
      .poll(async () => {
        const log = await ownerApi<{ items: { status: string }[] }>("GET", `/webhooks/${hookId}/deliveries`);
        return log.items[0]?.status;
      })
      .toBe("succeeded");

    await tp.locator("summary", { hasText: receiverUrl }).click();
    const row = tp.getByRole("table", { name: `Deliveries to ${receiverUrl}` }).locator("tbody tr");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toMatch(/student\.joined.*succeeded \(1 try\).*HTTP 200/);
    await tp.getByRole("button", { name: /^Redeliver student\.joined/ }).click();
    await tp.getByText("Redelivered student.joined: the endpoint answered 200.").waitFor();
    expect(received.filter((d) => d.body.type === "student.joined")).toHaveLength(2);
    expect(new Set(received.map((d) => d.eventId)).size).toBe(1);
    await expectAccessible(tp, "webhooks with the delivery log");
    await expectFitsPhone(tp, "webhooks");
    await shot(tp, "webhooks-log");

    // A new secret, shown once; the page says the previous one signs for another day.
    tp.once("dialog", (d) => void d.accept());
    await tp.getByRole("button", { name: `New secret for ${receiverUrl}` }).click();
    await tp.getByRole("heading", { name: `Signing secret for ${receiverUrl}` }).waitFor();
    expect(await tp.getByLabel("Signing secret", { exact: true }).inputValue()).toMatch(/^whsec_/);
    await tp.getByText(/The previous secret also signs until/).waitFor();
    await tp.getByRole("button", { name: "I have copied it" }).click();
    await tp.getByText(/Signed with the previous secret too until/).waitFor();
  });
});
