/**
 * An outgoing HTTP request whose answer we need (LTI platform keys, tokens, scores, rosters; the LRS), through the
 * same SSRF guard as webhooks: address literals checked up front, host names at connection time, redirects never
 * followed, a hard timeout and a cap on the bytes read back.
 */
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import {
  type AllowList,
  type GuardOptions,
  guardedLookup,
  parseAllowList,
  parseWebhookUrl,
  resolveAllowed,
} from "./ssrf.ts";

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface OutboundRequest {
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export class OutboundError extends Error {}

/** The allow list of every outgoing call: `OUTBOUND_ALLOW_HOSTS` and its older name `WEBHOOK_ALLOW_HOSTS`. */
export function outboundAllowList(config: { OUTBOUND_ALLOW_HOSTS?: string; WEBHOOK_ALLOW_HOSTS: string }): AllowList {
  return parseAllowList([config.OUTBOUND_ALLOW_HOSTS ?? "", config.WEBHOOK_ALLOW_HOSTS].filter(Boolean).join(","));
}

export async function outboundRequest(
  rawUrl: string,
  req: OutboundRequest,
  guard: GuardOptions,
): Promise<OutboundResponse> {
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) await resolveAllowed(host, guard);
  } catch (err) {
    throw new OutboundError((err as Error).message);
  }
  const maxBytes = req.maxBytes ?? 1024 * 1024;
  const timeoutMs = req.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { "user-agent": "LanguageCloud/1", ...(req.headers ?? {}) };
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
    const request = transport.request(url, {
      method: req.method ?? "GET",
      agent: false,
      lookup: guardedLookup(guard),
      headers,
    });
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    request.on("response", (res) => {
      const chunks: Buffer[] = [];
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          res.destroy(new Error(`answer larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (err) => {
        clearTimeout(timer);
        reject(new OutboundError(err.message));
      });
    });
    request.on("error", (err) => {
      clearTimeout(timer);
      reject(new OutboundError(err.message.slice(0, 300)));
    });
    request.end(req.body);
  });
}
