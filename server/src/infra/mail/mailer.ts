/**
 * Outgoing mail behind one interface: nodemailer over SMTP when `SMTP_URL` is set, else every message is written
 * as an `.eml` file under `DATA_DIR/mail/` (the embedded mode: open them with any mail client). Messages carry an
 * explicit Message-ID so that a retried send can be recognised downstream.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../../config.ts";
import type { AppContext } from "../../context.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per (event, recipient): `<id@languagecloud>`. */
  messageId?: string;
}

export interface Mailer {
  readonly kind: "smtp" | "file";
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

type Transport = ReturnType<typeof nodemailer.createTransport>;

class SmtpMailer implements Mailer {
  readonly kind = "smtp";
  private readonly transport: Transport;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    // Explicit timeouts: a stuck SMTP server must fail the job (which is retried), not hang a worker.
    this.transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }
  async send(m: MailMessage) {
    const info = await this.transport.sendMail({ from: this.from, ...m });
    return { messageId: info.messageId };
  }
  close() {
    this.transport.close();
  }
}

class FileMailer implements Mailer {
  readonly kind = "file";
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {}
  async send(m: MailMessage) {
    const info = await this.transport.sendMail({ from: this.from, ...m });
    await mkdir(this.dir, { recursive: true });
    // Sortable by time, unique by message id.
    const id = info.messageId.replace(/[^A-Za-z0-9.-]/g, "");
    await writeFile(join(this.dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${id}.eml`), info.message);
    return { messageId: info.messageId };
  }
  close() {}
}

export function createMailer(config: Config): Mailer {
  return config.SMTP_URL
    ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM)
    : new FileMailer(join(config.DATA_DIR, "mail"), config.MAIL_FROM);
}

const mailers = new WeakMap<AppContext, Mailer>();

/** The mailer of a context, made on first use and closed with it. */
export function mailerFor(ctx: AppContext): Mailer {
  let mailer = mailers.get(ctx);
  if (!mailer) {
    const made = createMailer(ctx.config);
    mailer = made;
    mailers.set(ctx, made);
    ctx.onClose(() => made.close());
  }
  return mailer;
}

/** The base of links in mail: PUBLIC_URL, else the local address the server listens on. */
export function publicBaseUrl(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}
