/**
 * Which sites may show the tool's pages (`/lti/…`) in a frame: the registered platforms' origins, never `*`
 * (clickjacking: any site could frame a launch and overlay it). A platform's origins are those of its issuer and
 * login URL, and of the service URLs its verified launches named (NRPS memberships, AGS line items): an LMS whose
 * issuer is not the host that shows the course (Canvas: `canvas.instructure.com`, courses on the school's own
 * host) is known by those. The set is the same for every `/lti/` page (they are not an organization's), kept for a
 * few seconds per process and forgotten at once when this process changes a registration or records a launch.
 */
import type { AppContext } from "../../context.ts";
import * as repo from "./lti.repository.ts";

const TTL_MS = 10_000;

/** Per context (a process has one; tests make several, each on its own database). */
const caches = new WeakMap<AppContext, { at: number; origins: Promise<string[]> }>();

/** The next `/lti/` page reads the origins again (after a registration changed or a launch stored new URLs). */
export function forgetFrameOrigins(ctx: AppContext): void {
  caches.delete(ctx);
}

export function originOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

async function load(ctx: AppContext): Promise<string[]> {
  const urls = await repo.platformFrameUrls(ctx.database.db);
  const origins = new Set<string>();
  for (const url of urls) {
    const origin = originOf(url);
    if (origin) origins.add(origin);
  }
  return [...origins].sort();
}

/** The origins that may frame the tool's pages (empty: none may). */
export function frameOrigins(ctx: AppContext): Promise<string[]> {
  const now = Date.now();
  const cached = caches.get(ctx);
  if (cached && now - cached.at <= TTL_MS) return cached.origins;
  const origins = load(ctx);
  caches.set(ctx, { at: now, origins });
  // A failed read is not kept: the next page tries again (and this one is served unframable).
  origins.catch(() => {
    if (caches.get(ctx)?.origins === origins) caches.delete(ctx);
  });
  return origins;
}
