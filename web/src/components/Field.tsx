import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";

interface Common {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

function Messages({
  hint,
  error,
  hintId,
  errorId,
}: {
  hint?: ReactNode;
  error?: string | undefined;
  hintId: string;
  errorId: string;
}) {
  return (
    <>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

/** A labelled input whose error is announced and tied to it by aria-describedby. */
export function Field({ label, error, hint, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <input
        id={fid}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${fid}-hint`, `${fid}-error`, hint, error)}
        {...input}
      />
      <Messages hint={hint} error={error} hintId={`${fid}-hint`} errorId={`${fid}-error`} />
    </div>
  );
}

export function TextArea({ label, error, hint, id, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <textarea
        id={fid}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${fid}-hint`, `${fid}-error`, hint, error)}
        {...input}
      />
      <Messages hint={hint} error={error} hintId={`${fid}-hint`} errorId={`${fid}-error`} />
    </div>
  );
}

export function Select({
  label,
  error,
  hint,
  id,
  children,
  ...input
}: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={fid}>{label}</label>
      <select
        id={fid}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${fid}-hint`, `${fid}-error`, hint, error)}
        {...input}
      >
        {children}
      </select>
      <Messages hint={hint} error={error} hintId={`${fid}-hint`} errorId={`${fid}-error`} />
    </div>
  );
}

export function Checkbox({ label, id, ...input }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className="field checkbox">
      <input id={fid} type="checkbox" {...input} />
      <label htmlFor={fid}>{label}</label>
    </div>
  );
}
