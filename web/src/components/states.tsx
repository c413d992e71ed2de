import type { ReactNode } from "react";
import { errorMessage } from "../api/client.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="state error" role="alert">
      <p>{errorMessage(error)}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** A form-level error (the API's message when no field is named). */
export function FormAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-alert" role="alert">
      {errorMessage(error)}
    </p>
  );
}

/** Renders loading / error / content for a TanStack query. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError || query.data === undefined)
    return <ErrorState error={query.error} retry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}
