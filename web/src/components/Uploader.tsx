import { useId, useRef, useState } from "react";
import { ApiError, errorMessage, uploadWithProgress } from "../api/client.ts";

/**
 * A file input that uploads with a visible progress bar (XMLHttpRequest upload progress) and can be cancelled.
 * The outcome is announced: the server's message under the input on failure, "Uploaded …" on success.
 */
export function Uploader<T>({
  path,
  label,
  accept,
  hint,
  extraFields,
  buttonLabel = "Upload",
  doneLabel = (name) => `Uploaded ${name}.`,
  onDone,
}: {
  path: string;
  label: string;
  accept?: string | undefined;
  hint?: string | undefined;
  extraFields?: Record<string, string>;
  buttonLabel?: string;
  /** What the status line says after a successful upload of the named file. */
  doneLabel?: (filename: string) => string;
  onDone: (result: T) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<(() => void) | null>(null);

  async function start() {
    const file = input.current?.files?.[0];
    setDone(null);
    if (!file) {
      setError("Choose a file first.");
      input.current?.focus();
      return;
    }
    const form = new FormData();
    for (const [k, v] of Object.entries(extraFields ?? {})) if (v) form.append(k, v);
    form.append("file", file);
    setError(null);
    setProgress(0);
    const up = uploadWithProgress<T>(path, form, setProgress);
    abort.current = up.abort;
    try {
      const result = await up.promise;
      if (input.current) input.current.value = "";
      setDone(doneLabel(file.name));
      onDone(result);
    } catch (err) {
      if (err instanceof ApiError && err.code === "aborted") setDone("Upload cancelled.");
      else setError(errorMessage(err));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const percent = progress === null ? 0 : Math.round(progress * 100);
  return (
    <div className="card uploader">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          ref={input}
          type="file"
          accept={accept}
          aria-describedby={describedBy || undefined}
          aria-invalid={error ? true : undefined}
          onChange={() => {
            setError(null);
            setDone(null);
          }}
        />
        {hint ? (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {error ? (
          <span className="field-error" id={`${id}-error`} role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {progress !== null ? (
        <div className="row upload-progress">
          <label htmlFor={`${id}-progress`}>Uploading</label>
          <progress id={`${id}-progress`} max={1} value={progress}>
            {percent} %
          </progress>
          <span aria-live="polite">{percent} %</span>
          <button type="button" onClick={() => abort.current?.()}>
            Cancel upload
          </button>
        </div>
      ) : (
        <button type="button" className="primary" onClick={start}>
          {buttonLabel}
        </button>
      )}
      <p className="upload-done" role="status">
        {done}
      </p>
    </div>
  );
}
