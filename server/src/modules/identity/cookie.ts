import type { FastifyReply, FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "./session.ts";

/** HttpOnly, SameSite=Lax, Secure when the public URL is https (behind a TLS-terminating balancer too). */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: Date }, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure });
}

export function requestMeta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

/**
 * One cookie's value from a `Cookie` header (the first of that name, surrounding quotes removed). Requests need
 * only the session cookie, so the header is scanned for it instead of every cookie being parsed and decoded on
 * every request (the cookie plugin's parsing hook is off; app.ts). Session tokens are base64url: no decoding.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let from = 0;
  for (;;) {
    const at = header.indexOf(name, from);
    if (at < 0) return undefined;
    const before = at === 0 ? ";" : header[at - 1];
    if ((before === ";" || before === " ") && header[at + name.length] === "=") {
      const end = header.indexOf(";", at);
      const value = header.slice(at + name.length + 1, end < 0 ? undefined : end).trim();
      return value.length > 1 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
    from = at + name.length;
  }
}

/** The session token the request carries, if any. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return cookieValue(request.headers.cookie, SESSION_COOKIE) || undefined;
}
