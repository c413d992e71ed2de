import { useState } from "react";
import { ApiError } from "../api/client.ts";

/** Tracks a submit: its pending flag, the field errors the API named, and a form-level error otherwise. */
export function useSubmit<T>(action: () => Promise<T>, onDone?: (result: T) => void) {
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
      if (!Object.keys(fields).length || !(err instanceof ApiError) || err.code !== "validation_failed") {
        setFormError(err);
      }
    } finally {
      setPending(false);
    }
  }
  return { submit, pending, fieldErrors, formError };
}
