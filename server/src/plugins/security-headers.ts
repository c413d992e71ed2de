/**
 * Security headers as Helmet defines them. Helmet's values depend only on its options, so they are computed once
 * at boot and copied onto every reply; the Fastify wrapper re-ran Helmet (parsing the CSP directives) on each
 * request, a third of a trivial request's time.
 *
 * Pages a browser renders (the web app, /docs) get the whole set. API answers (`/api/…`: JSON, and uploaded files
 * served with their checked type) are never rendered as documents by our app, so the document policies (CSP,
 * opener and agent-cluster isolation, DNS prefetch…) do nothing there; they get what still protects a response
 * opened or fetched on its own: no sniffing, same-origin framing and embedding only, no referrer, HSTS. Those 900
 * bytes of headers on every JSON answer cost a quarter of a small request's throughput.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import helmet, { type HelmetOptions } from "helmet";

/** The headers Helmet would set with these options. */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)(
    {} as Parameters<ReturnType<typeof helmet>>[0],
    recorder as unknown as Parameters<ReturnType<typeof helmet>>[1],
    (err?: unknown) => {
      failure = err;
    },
  );
  if (failure) throw failure;
  return headers;
}

/** The part of the document set that still matters on an API answer. */
export const API_HEADERS: readonly string[] = [
  "x-content-type-options",
  "x-frame-options",
  "cross-origin-resource-policy",
  "referrer-policy",
  "strict-transport-security",
];

function setter(headers: Record<string, string>) {
  const entries = Object.entries(headers);
  return (raw: { setHeader(name: string, value: string): unknown }) => {
    for (const [name, value] of entries) raw.setHeader(name, value);
  };
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * The pages' Content-Security-Policy, for API routes that serve a file a browser may open as a document (an
     * uploaded PDF or picture): such a file gets the same policy as the app's pages.
     */
    documentCsp: string;
  }
}

export interface SecurityHeadersOptions {
  helmet: HelmetOptions;
  /**
   * The origins that may frame the LTI pages (the registered platforms'); none when absent or empty. Read per
   * LTI document, so a new registration holds without a restart.
   */
  ltiFrameOrigins?: () => Promise<string[]>;
}

/** The LTI pages' CSP: the documents' own, with framing by the given origins only and forms to anywhere. */
export function ltiCsp(documentCsp: string, origins: readonly string[]): string {
  const ancestors = origins.length ? origins.join(" ") : "'none'";
  return documentCsp
    .replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`)
    .replace(/form-action [^;]*/, "form-action *");
}

export default fp(
  async function securityHeadersPlugin(app: FastifyInstance, opts: SecurityHeadersOptions) {
    const documents = securityHeaders(opts.helmet);
    app.decorate("documentCsp", documents["content-security-policy"] ?? "default-src 'self'");
    const api = Object.fromEntries(API_HEADERS.flatMap((n) => (documents[n] ? [[n, documents[n]]] : [])));
    const setDocument = setter(documents);
    const setApi = setter(api);
    // LTI pages open inside the LMS's frame (another site): the same set, framing allowed to the registered
    // platforms' origins (CSP frame-ancestors; X-Frame-Options cannot name another site), and forms may post back
    // to the platform (the deep-linking response). The SPA then moves on by client-side navigation, so only these
    // documents need it.
    const { "x-frame-options": _deny, "content-security-policy": csp, ...framable } = documents;
    const setFramable = setter(framable);
    const framableCsp = async (request: FastifyRequest) => {
      try {
        return ltiCsp(csp ?? "", (await opts.ltiFrameOrigins?.()) ?? []);
      } catch (err) {
        // Without the list the page is served unframable rather than not at all.
        request.log.warn({ err }, "the LTI frame origins could not be read");
        return ltiCsp(csp ?? "", []);
      }
    };
    // A callback hook: the requests that are not LTI pages (all but a few) never wait on a promise.
    app.addHook("onRequest", (request, reply, done) => {
      if (request.url.startsWith("/api/")) setApi(reply.raw);
      else if (request.url.startsWith("/lti/")) {
        setFramable(reply.raw);
        if (csp) {
          void framableCsp(request).then((value) => {
            reply.raw.setHeader("content-security-policy", value);
            done();
          });
          return;
        }
      } else setDocument(reply.raw);
      done();
    });
  },
  { name: "security-headers" },
);
