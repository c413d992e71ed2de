/**
 * Serves the single-page app built by Vite (web/dist) at `/`, with index.html for client-side routes. API and
 * operations paths never fall back to the page.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sendError } from "./errors.ts";

const NOT_PAGES = /^\/(api|docs|metrics|healthz|readyz)(\/|$)/;

export default fp(
  async function webPlugin(app: FastifyInstance, opts: { root: string }) {
    const index = join(opts.root, "index.html");
    if (!existsSync(index)) {
      app.log.warn({ root: opts.root }, "web app not built: run `npm run build` to serve the pages");
      app.get("/", { schema: { hide: true } }, async (_req, reply) =>
        reply
          .type("text/html")
          .send(
            "<!doctype html><title>Language Cloud</title><p>The web app is not built. Run <code>npm run build</code>.",
          ),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root: opts.root,
      wildcard: false,
      index: ["index.html"],
      // Hashed assets can be cached for ever; index.html must always be revalidated.
      setHeaders(res, path) {
        res.setHeader("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    // The errors plugin owns the 404 handler (Fastify allows one per prefix): page paths are a catch-all GET route
    // instead, which static files and API routes outrank.
    app.get("/*", { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split("?")[0] ?? "/";
      if (!NOT_PAGES.test(path) && !/\.[a-z0-9]+$/i.test(path)) {
        return reply.header("cache-control", "no-cache").sendFile("index.html");
      }
      return sendError(reply, 404, "not_found", `No route for ${request.method} ${path}.`);
    });
  },
  { name: "web" },
);
