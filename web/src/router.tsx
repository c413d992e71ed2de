/**
 * A tiny history router: the current location as state, `navigate()`, `<Link>`, and `matchRoute()` for
 * `/o/:orgId/classes/:id` patterns. The server serves index.html for unknown non-API paths.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from "react";

function subscribe(cb: () => void): () => void {
  window.addEventListener("popstate", cb);
  return () => window.removeEventListener("popstate", cb);
}

const getHref = () => window.location.pathname + window.location.search;

export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, getHref, getHref);
  const url = new URL(href, "http://x");
  return { path: url.pathname, search: url.searchParams };
}

/** Asked before every in-app navigation; false keeps the page (e.g. an editor with unsaved changes). */
let guard: ((to: string) => boolean) | null = null;

/** The address the app shows now: where a refused Back or Forward returns to. */
let shown = getHref();

// The browser's Back and Forward change the address before anything can ask, so the guard is asked afterwards and a
// refusal puts the page's address back as a new entry. Registered when this module loads, before any `subscribe`,
// so that stopping the event here keeps the pages from ever rendering the address that was left. Only trusted
// events are the browser's own: `navigate()` and the API client's redirect to the log-in dispatch theirs.
window.addEventListener("popstate", (e) => {
  const to = getHref();
  if (e.isTrusted && to !== shown && guard && !guard(to)) {
    e.stopImmediatePropagation();
    window.history.pushState(null, "", shown);
    return;
  }
  shown = to;
});

/** Installs a guard for in-app navigation; returns the function that removes it. */
export function setNavigationGuard(fn: (to: string) => boolean): () => void {
  guard = fn;
  shown = getHref(); // the page that installs a guard is the one to come back to
  return () => {
    if (guard === fn) guard = null;
  };
}

export function clearNavigationGuard(): void {
  guard = null;
}

/** `keepScroll`: the page stays where it is (a tab or a filter written into the address, not a new page). */
export function navigate(to: string, opts: { replace?: boolean; keepScroll?: boolean } = {}): void {
  if (to === getHref()) return;
  if (guard && !guard(to)) return;
  if (opts.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new PopStateEvent("popstate"));
  if (!opts.keepScroll) window.scrollTo?.(0, 0);
}

export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = s[i] as string;
    if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const { path } = useLocation();
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  const current = path === to.split("?")[0] ? "page" : undefined;
  return (
    <a href={to} onClick={handle} aria-current={current} {...rest}>
      {children}
    </a>
  );
}

export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
