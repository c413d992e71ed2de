import { AppError } from "./errors.ts";

/**
 * The client went away in the middle of a request body (a cancelled upload, a lost connection): reading the
 * request stream fails early. Nobody waits for the answer and nothing is wrong on our side, so such a failure
 * becomes a 400 `upload_interrupted` rather than a logged 500.
 */
export function isClientAbort(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ECONNRESET" || code === "ECONNABORTED";
}

export const uploadInterrupted = () =>
  new AppError(400, "upload_interrupted", "The upload stopped before the end of the file. Try again.");
