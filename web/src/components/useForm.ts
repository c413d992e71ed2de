import { useState } from "react";
import { ApiError } from "../api/client.ts";

/**
 * Tracks a submit: its pending flag, the field errors the API named, and a form-level error otherwise.
 *
 * `fields` lists the fields the form shows (a name also covers its sub-paths: `rubric` covers `rubric.0.points`).
 * With it, an error whose every problem sits at a shown field is told there only, not a second time above the
 * button; a problem at a field the form does not show still gets the form-level message. Without it, only
 * `validation_failed` errors that name a field stay off the form level.
 */
export function useSubmit<T>(action: () => Promise<T>, onDone?: (result: T) => void, opts: { fields?: string[] } = {}) {
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<unknown>(null);

  async function submit(e?: { preventDefault: () => void }) {
    e?.preventDefault();
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const result = await action();
      onDone?.(result);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : {};
      setFieldErrors(fields);
      const named = Object.keys(fields);
      const shown = (name: string) => opts.fields?.some((f) => name === f || name.startsWith(`${f}.`)) ?? false;
      const atFields = opts.fields
        ? named.length > 0 && named.every(shown)
        : named.length > 0 && err instanceof ApiError && err.code === "validation_failed";
      if (!atFields) setFormError(err);
    } finally {
      setPending(false);
    }
  }
  return { submit, pending, fieldErrors, formError };
}
