/**
 * One error shape for every failure: `{"error":{"code","message","details"}}`. Validation names each field;
 * framework errors (bad JSON, body too large, wrong content type) get their proper 4xx; anything unexpected is
 * logged and answered 500 without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/outage.ts";
import { AppError } from "../lib/errors.ts";

interface FieldProblem {
  field: string;
  message: string;
}

export function zodDetails(err: ZodError): FieldProblem[] {
  return err.issues.map((i) => ({ field: i.path.join(".") || "(root)", message: i.message }));
}

const FRAMEWORK_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "unsupported_media_type"],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "payload_too_large"],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "invalid_json"],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "invalid_json"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "bad_request"],
  FST_ERR_REQ_FILE_TOO_LARGE: [413, "payload_too_large"],
  FST_REQ_FILE_TOO_LARGE: [413, "payload_too_large"],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, "unsupported_media_type"],
  FST_FILES_LIMIT: [413, "payload_too_large"],
  FST_PARTS_LIMIT: [413, "payload_too_large"],
};

const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Bytes of a refused body read and thrown away before the 413 goes out. Answering while the client (a proxy) is
 * still sending, then closing, resets its socket mid-upload: nginx counts that as a failed backend, and one client
 * sending big bodies could take healthy backends out of the pool. Beyond this bound the connection is closed.
 */
export const DISCARD_MAX_BYTES = 32 * 1024 * 1024;
const DISCARD_MAX_MS = 10_000;

/** Reads the rest of the request body into nothing; true when it ended within the bounds. */
function discardBody(raw: FastifyRequest["raw"]): Promise<boolean> {
  if (raw.complete || raw.readableEnded) return Promise.resolve(true);
  const declared = Number(raw.headers["content-length"]);
  if (declared > DISCARD_MAX_BYTES) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      raw.off("data", onData);
      raw.off("end", onEnd);
      raw.off("error", onError);
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_MAX_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onError = () => finish(false);
    const timer = setTimeout(() => finish(false), DISCARD_MAX_MS);
    raw.on("data", onData);
    raw.once("end", onEnd);
    raw.once("error", onError);
    raw.resume();
  });
}

/** busboy throws plain Errors (no code) for a body that does not parse: a missing boundary, a cut-off form. */
const MULTIPART_MESSAGES =
  /^(Multipart: |Malformed part header|Unexpected end of (form|multipart data)|Part terminated early)/;

function isMalformedMultipart(request: FastifyRequest, err: Error): boolean {
  const type = request.headers["content-type"] ?? "";
  return (
    typeof type === "string" && type.toLowerCase().startsWith("multipart/") && MULTIPART_MESSAGES.test(err.message)
  );
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError | AppError | ZodError, request: FastifyRequest, reply: FastifyReply) => {
      if (err instanceof AppError) {
        if (err.headers) reply.headers(err.headers);
        return sendError(reply, err.statusCode, err.code, err.message, err.details);
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const details = err.validation.map((v) => ({
          field: [err.validationContext, ...String(v.instancePath).split("/").filter(Boolean)].join("."),
          message: v.message ?? "invalid",
        }));
        return sendError(reply, 400, "validation_failed", "Some fields are not valid.", details);
      }
      if (err instanceof ZodError) {
        return sendError(reply, 400, "validation_failed", "Some fields are not valid.", zodDetails(err));
      }
      const fe = err as FastifyError;
      const mapped = fe.code ? FRAMEWORK_CODES[fe.code] : undefined;
      if (mapped?.[0] === 413) {
        // Fastify asked for `Connection: close`; with the body read there is no reason to, and keeping the
        // connection spares the proxy a new one.
        return discardBody(request.raw).then((whole) => {
          if (whole) reply.removeHeader("connection");
          return sendError(reply, 413, mapped[1], fe.message);
        });
      }
      if (mapped) return sendError(reply, mapped[0], mapped[1], fe.message);
      if (fe.statusCode === 429) {
        return sendError(reply, 429, "rate_limited", "Too many requests; try again later.");
      }
      if (fe.validation) {
        return sendError(reply, 400, "validation_failed", fe.message, fe.validation);
      }
      if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
        return sendError(reply, fe.statusCode, "bad_request", fe.message);
      }
      if (isDatabaseUnavailable(err)) {
        // Expected during a restart or failover: the pool reconnects on its own; the client is told when to retry.
        request.log.warn({ err: (err as Error).message }, "database unavailable; answered 503");
        reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
        return sendError(
          reply,
          503,
          "service_unavailable",
          "The service is briefly unavailable. Please retry shortly.",
        );
      }
      if (isMalformedMultipart(request, err)) {
        return sendError(reply, 400, "invalid_multipart", `The multipart body could not be read: ${err.message}`);
      }
      request.log.error({ err }, "unhandled error");
      return sendError(reply, 500, "internal_error", "Something went wrong on our side. It has been logged.");
    });

    app.setNotFoundHandler((request, reply) =>
      sendError(reply, 404, "not_found", `No route for ${request.method} ${request.url.split("?")[0]}.`),
    );
  },
  { name: "errors" },
);
