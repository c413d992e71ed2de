/**
 * Input no route should ever see: a NUL character in any text (PostgreSQL refuses it in `text` columns, and no
 * person types one), and an empty path segment where an id belongs (`/orgs//classes`). Both are answered here with
 * the error shape before the route runs, so they never reach SQL and nothing changes.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { badRequest, notFound } from "../lib/errors.ts";

/** Where a NUL is, as a field path; null when there is none. Walks arrays and objects, keys included. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (!value || typeof value !== "object" || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.includes("\u0000")) return `${path}.(key)`;
    const hit = findNul(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

function nulRefused(field: string) {
  return badRequest("invalid_text", "Text may not contain the NUL character (U+0000).", [
    { field, message: "contains U+0000" },
  ]);
}

export default fp(
  async function inputGuardPlugin(app: FastifyInstance) {
    // onRequest runs before the route's own hooks (access among them): an empty id is a missing resource.
    app.addHook("onRequest", async (request: FastifyRequest) => {
      const params = request.params as Record<string, unknown> | undefined;
      if (params) {
        for (const [name, v] of Object.entries(params)) {
          if (v === "" && name !== "*") throw notFound();
          if (typeof v === "string" && v.includes("\u0000")) throw nulRefused(`params.${name}`);
        }
      }
      const hit = findNul(request.query, "query");
      if (hit) throw nulRefused(hit);
    });
    app.addHook("preValidation", async (request: FastifyRequest) => {
      const hit = findNul(request.body, "body");
      if (hit) throw nulRefused(hit);
    });
  },
  { name: "input-guard" },
);
