/**
 * One HTTP delivery of a webhook: a JSON POST through the SSRF guard, a hard timeout, redirects never followed
 * (a 3xx is a failure: following it could lead to a private address the guard never saw), and only the first
 * bytes of the response kept for the log.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { type GuardOptions, guardedLookup, parseWebhookUrl, resolveAllowed } from "./ssrf.ts";

export interface PostResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface PostOptions extends GuardOptions {
  timeoutMs: number;
  headers: Record<string, string>;
}

const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = "LanguageCloud-Webhooks/1";

export async function postJson(rawUrl: string, body: string, opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, "durationMs">): PostResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl);
    // An address literal never goes through `lookup`, so it is checked here.
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) await resolveAllowed(host, opts);
  } catch (err) {
    return done({ ok: false, statusCode: null, error: (err as Error).message });
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, {
      method: "POST",
      // A fresh connection each time, so the guarded lookup runs for every delivery.
      agent: false,
      lookup: guardedLookup(opts),
      headers: {
        ...opts.headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": USER_AGENT,
      },
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        // The receiver's answer is not ours to store: drain a little, then hang up.
        if (received > MAX_RESPONSE_BYTES) res.destroy();
      });
      const result = () => {
        const ok = status >= 200 && status < 300;
        let error: string | null = null;
        if (status >= 300 && status < 400) error = `redirect to ${res.headers.location ?? "?"} not followed`;
        else if (!ok) error = `HTTP ${status}`;
        finish({ ok, statusCode: status, error });
      };
      res.on("end", result);
      res.on("close", result);
      res.on("error", result);
    });
    req.on("error", (err) => finish({ ok: false, statusCode: null, error: err.message.slice(0, 500) }));
    req.end(body);
  });
}
