/**
 * The fetch client: same-origin cookies, JSON in and out, a typed ApiError for every failure. A 401 sends the
 * browser to the login page (except on the entry pages themselves, which show the error instead).
 */
export const API_BASE = "/api/v1";

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The problems that name a field, whatever the server's detail shape (`{path}`, `{field}` or a key map). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const add = (field: unknown, message: unknown) => {
      const name = fieldName(field);
      if (name && typeof message === "string" && !out[name]) out[name] = message;
    };
    const d = this.details;
    if (Array.isArray(d)) {
      for (const entry of d) {
        if (entry && typeof entry === "object") {
          const e = entry as Record<string, unknown>;
          add(e.field ?? e.path ?? e.name, e.message);
        }
      }
    } else if (d && typeof d === "object") {
      for (const [k, v] of Object.entries(d)) add(k, Array.isArray(v) ? v[0] : v);
    }
    return out;
  }
}

/**
 * The form field a validation problem names: the server says where it was found (`body.email`, `query.limit`,
 * `body.items.0.prompt`); forms name fields without that part.
 */
export function fieldName(field: unknown): string {
  const name = Array.isArray(field) ? field.join(".") : typeof field === "string" ? field : "";
  return name.replace(/^(body|query|params|headers)(\.|$)/, "");
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {
  const path = window.location.pathname;
  if (!/^\/(login|signup|join|invite|reset-password)/.test(path)) {
    const next = encodeURIComponent(path + window.location.search);
    window.history.pushState(null, "", `/login?next=${next}`);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }
};

/** Lets the app (or a test) decide what a 401 does. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Don't redirect on 401 (e.g. the `GET /me` probe). */
  allowUnauthorized?: boolean;
}

async function toApiError(res: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // not JSON: fall through to a generic message
  }
  const err = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  return new ApiError(
    res.status,
    err?.code ?? `http_${res.status}`,
    err?.message ?? (res.statusText || `The server answered ${res.status}`),
    err?.details,
  );
}

/**
 * An LTI session: inside an LMS frame with third-party cookies blocked there is no cookie, so the SPA holds a
 * bearer token (from `POST /lti/session`) in memory, and in sessionStorage when the browser lets a frame use it.
 */
const LTI_KEY = "lc.lti.session";
let ltiToken: string | null = null;
try {
  const kept = JSON.parse(window.sessionStorage.getItem(LTI_KEY) ?? "null") as {
    token: string;
    expiresAt: string;
  } | null;
  if (kept && Date.parse(kept.expiresAt) > Date.now()) ltiToken = kept.token;
} catch {
  // Storage blocked in this frame: memory only.
}

export function setLtiSession(session: { token: string; expiresAt: string }): void {
  ltiToken = session.token;
  try {
    window.sessionStorage.setItem(LTI_KEY, JSON.stringify(session));
  } catch {
    // Storage blocked in this frame: memory only.
  }
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  if (ltiToken && !headers.Authorization) headers.Authorization = `Bearer ${ltiToken}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method: opts.method ?? (body ? "POST" : "GET"),
      credentials: "same-origin",
      headers,
      body,
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !opts.allowUnauthorized) onUnauthorized();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("json")) return (await res.text()) as T;
  return (await res.json()) as T;
}

/** Builds a query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/** A multipart upload through XMLHttpRequest, which (unlike fetch) reports upload progress. */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open("POST", API_BASE + path);
    xhr.withCredentials = false; // same-origin requests send cookies anyway
    xhr.setRequestHeader("Accept", "application/json");
    if (ltiToken) xhr.setRequestHeader("Authorization", `Bearer ${ltiToken}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(payload as T);
      } else {
        const err = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
        if (xhr.status === 401) onUnauthorized();
        reject(
          new ApiError(xhr.status, err?.code ?? `http_${xhr.status}`, err?.message ?? "Upload failed", err?.details),
        );
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "The upload was interrupted. Try again."));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "Upload cancelled"));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}
