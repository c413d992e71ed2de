/**
 * Refuses unsafe requests authenticated by the session cookie when the browser says they come from another site.
 * Browsers send `Sec-Fetch-Site` (and `Origin` on cross-origin POSTs); clients that send neither are not
 * browsers, and cannot carry a victim's cookie on their own.
 *
 * The site's own origin is PUBLIC_URL when it is set. Without it, the Host header as received: never
 * X-Forwarded-Host, which any client can send through a proxy that passes it on (TRUST_PROXY would make
 * `request.host` read it, and an attacker's page could then name its own origin as ours).
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { forbidden } from "../lib/errors.ts";
import { sessionTokenOf } from "../modules/identity/cookie.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export default fp(
  async function csrfPlugin(app: FastifyInstance, opts: { publicUrl?: string }) {
    const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;
    app.addHook("onRequest", async (request) => {
      if (SAFE.has(request.method) || !sessionTokenOf(request)) return;
      if (request.headers.authorization) return; // API keys are not ambient credentials
      const site = request.headers["sec-fetch-site"];
      if (site && site !== "same-origin" && site !== "none") throw forbidden("Cross-site request refused.");
      const origin = request.headers.origin;
      if (origin && origin !== "null") {
        const own = publicOrigin ?? `${request.protocol}://${request.headers.host ?? ""}`;
        if (origin !== own) throw forbidden("Cross-site request refused.");
      } else if (origin === "null") {
        throw forbidden("Cross-site request refused.");
      }
    });
  },
  { name: "csrf", dependencies: ["@fastify/cookie"] },
);
