/**
 * One typed configuration object from the environment (and an optional `.env`), validated once at boot with a
 * message per bad variable. Defaults make the embedded mode (SQLite, in-process jobs and cache, local files) work
 * with no configuration at all.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((u) => protocols.some((p) => u.startsWith(p)), `must start with ${protocols.join(" or ")}`)
    .optional();
const seconds = z.coerce.number().int().positive();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: optionalUrl(["http://", "https://"]),
  DATABASE_URL: z
    .string()
    .refine(
      (u) => /^(sqlite:|file:|postgres(ql)?:\/\/|mysql:\/\/|mariadb:\/\/)/.test(u),
      "must be sqlite:PATH, postgres://… or mysql://…",
    )
    .optional(),
  DATABASE_READ_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  REDIS_URL: optionalUrl(["redis://", "rediss://"]),
  REDIS_READ_URL: optionalUrl(["redis://", "rediss://"]),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default("lc:"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  TRUST_PROXY: z.string().default("false"),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(100),
  LOGIN_WINDOW_SECONDS: seconds.default(900),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: optionalUrl(["http://", "https://"]),
  S3_REGION: z.string().default("us-east-1"),
  S3_FORCE_PATH_STYLE: bool.default(false),
  SMTP_URL: optionalUrl(["smtp://", "smtps://"]),
  MAIL_FROM: z.string().default("Language Cloud <no-reply@languagecloud.local>"),
  STATSD_HOST: z.string().optional(),
  STATSD_PORT: z.coerce.number().int().default(8125),
  ALERT_WEBHOOK_URL: optionalUrl(["http://", "https://"]),
  WEBHOOK_ALLOW_HOSTS: z.string().default(""),
  /** Hosts or CIDRs every outgoing call (webhooks, LTI platforms, the LRS) may reach although private. */
  OUTBOUND_ALLOW_HOSTS: z.string().default(""),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0).default(30),
  /** Jobs at once per process (serve without Redis, worker). */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** The worker's own /metrics port; unset: none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Students who have not submitted get one reminder this many hours before the due date. */
  REMINDER_LEAD_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  DEMO_DATA: bool.default(true),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, "DATA_DIR" | "DATABASE_URL" | "SESSION_SECRET" | "TRUST_PROXY"> {
  DATA_DIR: string;
  DATABASE_URL: string;
  SESSION_SECRET: string;
  TRUST_PROXY: boolean | string | ((address: string, hop: number) => boolean);
  /** Extra variables read by modules (JOBS_<MODULE>_INTERVAL…), kept raw. */
  raw: Record<string, string | undefined>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Loads `.env` (without overriding the real environment) into a copy of `env`. */
export function readDotenv(env: NodeJS.ProcessEnv, cwd = process.cwd()): NodeJS.ProcessEnv {
  const file = join(cwd, ".env");
  if (!existsSync(file)) return env;
  const merged: NodeJS.ProcessEnv = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2] as string;
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, "");
    merged[m[1] as string] = value;
  }
  return { ...merged, ...env };
}

/**
 * Validates the environment. Throws ConfigError listing every bad variable. Creates DATA_DIR and, when
 * SESSION_SECRET is absent, generates one into DATA_DIR so restarts keep sessions valid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readDotenv(process.env)): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) problems.push("DATABASE_READ_URL: needs DATABASE_URL as well");
  if (e.REDIS_READ_URL && !e.REDIS_URL) problems.push("REDIS_READ_URL: needs REDIS_URL as well");
  if (e.S3_ENDPOINT && !e.S3_BUCKET) problems.push("S3_ENDPOINT: needs S3_BUCKET as well");
  if (problems.length) throw new ConfigError(problems);

  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(process.cwd(), e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return {
    ...e,
    DATA_DIR: dataDir,
    DATABASE_URL: e.DATABASE_URL ?? `sqlite:${join(dataDir, "languagecloud.sqlite")}`,
    SESSION_SECRET: e.SESSION_SECRET ?? sessionSecretFrom(dataDir),
    TRUST_PROXY: parseTrustProxy(e.TRUST_PROXY),
    raw: env,
  };
}

function sessionSecretFrom(dataDir: string): string {
  const file = join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function parseTrustProxy(v: string): Config["TRUST_PROXY"] {
  if (v === "true") return true;
  if (v === "false" || v === "0" || v === "") return false;
  // A hop count: trust that many proxies in front of us (e.g. 1 for a single load balancer).
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return v; // a list of addresses or CIDRs, as Fastify accepts
}

/** The interval in seconds of a worker module, from `JOBS_<MODULE>_INTERVAL` (seconds). */
export function jobInterval(config: Config, module: string, fallbackSeconds: number): number {
  const v = config.raw[`JOBS_${module.toUpperCase()}_INTERVAL`];
  const n = v ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallbackSeconds;
}
