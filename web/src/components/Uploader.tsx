import { useId, useRef, useState } from "react";
import { errorMessage, uploadWithProgress } from "../api/client.ts";

/** A file input that uploads with a visible progress bar (XMLHttpRequest upload progress) and can be cancelled. */
export function Uploader<T>({
  path,
  label,
  accept,
  extraFields,
  buttonLabel = "Upload",
  onDone,
}: {
  path: string;
  label: string;
  accept?: string;
  extraFields?: Record<string, string>;
  buttonLabel?: string;
  onDone: (result: T) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<(() => void) | null>(null);

  async function start() {
    const file = input.current?.files?.[0];
    if (!file) {
      setError("Choose a file first.");
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
      onDone(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  return (
    <div className="card">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          ref={input}
          type="file"
          accept={accept}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
        />
        {error ? (
          <span className="field-error" id={`${id}-error`} role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {progress !== null ? (
        <div className="row">
          <label htmlFor={`${id}-progress`}>Uploading</label>
          <progress id={`${id}-progress`} max={1} value={progress}>
            {Math.round(progress * 100)} %
          </progress>
          <span aria-live="polite">{Math.round(progress * 100)} %</span>
          <button type="button" onClick={() => abort.current?.()}>
            Cancel upload
          </button>
        </div>
      ) : (
        <button type="button" className="primary" onClick={start}>
          {buttonLabel}
        </button>
      )}
    </div>
  );
}
