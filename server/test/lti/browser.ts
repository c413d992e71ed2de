/**
 * The part of a browser an LTI flow needs, without a browser: a cookie jar per origin, redirects followed by hand
 * (so each hop can be inspected), and HTML forms read back out of a page (the auto-submitting forms platforms and
 * tools answer with). `blockThirdPartyCookies` drops every cookie, as Safari and Chrome do inside a frame of
 * another site.
 */

export interface BrowserResponse {
  status: number;
  url: string;
  headers: Headers;
  body: string;
}

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(readonly options: { blockCookies?: boolean } = {}) {}

  cookiesFor(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    let cookies = this.jar.get(origin);
    if (!cookies) {
      cookies = new Map();
      this.jar.set(origin, cookies);
    }
    return cookies;
  }

  private remember(url: string, headers: Headers): void {
    if (this.options.blockCookies) return;
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = (pair as string).indexOf("=");
      if (eq < 0) continue;
      const name = (pair as string).slice(0, eq).trim();
      const value = (pair as string).slice(eq + 1).trim();
      const expired = /max-age=0\b|expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === "") this.cookiesFor(url).delete(name);
      else this.cookiesFor(url).set(name, value);
    }
  }

  /** One request, no redirect followed. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<BrowserResponse> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const cookies = [...this.cookiesFor(url)].map(([k, v]) => `${k}=${v}`).join("; ");
    if (cookies) headers.cookie = cookies;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await fetch(url, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    this.remember(url, res.headers);
    return { status: res.status, url, headers: res.headers, body: await res.text() };
  }

  /** Follows redirects (GET) from a first request, stopping at the first answer that is not a redirect. */
  async navigate(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
    stopAt?: (url: string) => boolean,
  ): Promise<BrowserResponse> {
    let res = await this.request(url, init);
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get("location") as string, res.url).toString();
      if (stopAt?.(next)) return { ...res, url: next };
      res = await this.request(next);
    }
    return res;
  }
}

/** The first form of a page: where it posts and its fields (hidden inputs and textareas). */
export function readForm(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action=["']([^"']+)["'][^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in the page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of (form[2] as string).matchAll(/<input[^>]*>/gi)) {
    const name = /name=["']([^"']+)["']/i.exec(input[0]);
    const value = /value=["']([^"']*)["']/i.exec(input[0]);
    if (name) fields[name[1] as string] = decodeEntities(value?.[1] ?? "");
  }
  for (const area of (form[2] as string).matchAll(
    /<textarea[^>]*name=["']([^"']+)["'][^>]*>([\s\S]*?)<\/textarea>/gi,
  )) {
    fields[area[1] as string] = decodeEntities(area[2] as string);
  }
  return { action: decodeEntities(form[1] as string), fields };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#x2F;/g, "/")
    .replace(/&amp;/g, "&");
}
