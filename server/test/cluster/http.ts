/**
 * The suite's HTTP client: every call has a deadline, and every answer (or failure to get one) is counted in the
 * tally of the phase it belongs to, by status and by kind, so the figures say what a user would have seen.
 */

export interface Answer {
  /** 0 when no HTTP answer came (reset, refused, timed out). */
  status: number;
  body: string;
  headers: Headers;
  /** The error code of an answer in the API's error shape, else the network error's code. */
  code: string;
  ms: number;
  json<T = Record<string, unknown>>(): T;
}

/** Counts per phase: answers by status, 5xx by kind (status + code), network failures by their code. */
export class Tally {
  requests = 0;
  readonly byStatus = new Map<number, number>();
  readonly serverErrors = new Map<string, number>();
  readonly network = new Map<string, number>();
  add(a: Answer, what: string): void {
    this.requests++;
    this.byStatus.set(a.status, (this.byStatus.get(a.status) ?? 0) + 1);
    if (a.status === 0) this.network.set(`${what} ${a.code}`, (this.network.get(`${what} ${a.code}`) ?? 0) + 1);
    if (a.status >= 500) {
      // A 503 tells the client when to come back (operations.md): one without Retry-After is its own kind.
      const noRetryAfter = a.status === 503 && !a.headers.get("retry-after") ? " without Retry-After" : "";
      const kind = `${a.status} ${a.code || "-"}${noRetryAfter} (${what})`;
      this.serverErrors.set(kind, (this.serverErrors.get(kind) ?? 0) + 1);
    }
  }
  count(pred: (status: number) => boolean): number {
    let n = 0;
    for (const [s, c] of this.byStatus) if (pred(s)) n += c;
    return n;
  }
  /** "502 -: 3, 503 service_unavailable: 12" */
  describeServerErrors(): string {
    return [...this.serverErrors].map(([k, n]) => `${k}: ${n}`).join(", ") || "none";
  }
}

export interface CallOptions {
  body?: unknown;
  cookie?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The request's name in the tally ("submit", "join"…); defaults to the method. */
  what?: string;
  /** A raw body (sent as is, with its own content type). */
  raw?: { data: string; type: string };
}

export class Http {
  constructor(
    readonly base: string,
    public tally: Tally,
  ) {}

  async call(method: string, path: string, o: CallOptions = {}): Promise<Answer> {
    const started = Date.now();
    const headers: Record<string, string> = { ...o.headers };
    if (o.cookie) headers.cookie = o.cookie;
    let body: string | undefined;
    if (o.raw) {
      headers["content-type"] = o.raw.type;
      body = o.raw.data;
    } else if (o.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(o.body);
    }
    let answer: Answer;
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
      });
      const text = await res.text();
      let code = "";
      if (text.startsWith("{")) {
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? "";
        } catch {
          // not the API's JSON (an nginx page)
        }
      }
      answer = mk(res.status, text, res.headers, code, Date.now() - started);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const code = e.name === "TimeoutError" ? "timeout" : (e.cause?.code ?? e.name ?? "error");
      answer = mk(0, "", new Headers(), code, Date.now() - started);
    }
    this.tally.add(answer, o.what ?? method);
    return answer;
  }
}

function mk(status: number, body: string, headers: Headers, code: string, ms: number): Answer {
  return {
    status,
    body,
    headers,
    code,
    ms,
    json<T>() {
      return JSON.parse(body) as T;
    },
  };
}

/** The session cookie that an answer sets, as `lc_session=…`. */
export function sessionCookie(a: Answer): string {
  for (const c of a.headers.getSetCookie()) {
    const m = /^(lc_session=[^;]+)/.exec(c);
    if (m) return m[1] as string;
  }
  throw new Error(`no session cookie in the answer (${a.status} ${a.body.slice(0, 200)})`);
}
