/**
 * Autosave of an attempt's responses: each change is debounced per item and PUT to
 * `/attempts/{id}/responses/{itemId}`; failures retry with backoff until they succeed. Unsaved responses are also
 * kept in localStorage so a reload or a lost connection does not lose them.
 */
import type { Response } from "@languagecloud/domain";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../api/client.ts";

export type SaveState = "idle" | "saving" | "saved" | "error";

const DEBOUNCE_MS = 800;
const storageKey = (attemptId: string) => `lc.unsaved.${attemptId}`;

function readUnsaved(attemptId: string): Record<string, Response> {
  try {
    return JSON.parse(localStorage.getItem(storageKey(attemptId)) ?? "{}") as Record<string, Response>;
  } catch {
    return {};
  }
}

function writeUnsaved(attemptId: string, pending: Map<string, Response>) {
  try {
    if (pending.size) localStorage.setItem(storageKey(attemptId), JSON.stringify(Object.fromEntries(pending)));
    else localStorage.removeItem(storageKey(attemptId));
  } catch {
    // storage full or disabled: the server copy is what counts
  }
}

/** `base` is the attempt's URL under the API, e.g. `/orgs/{orgId}/attempts/{attemptId}`. */
export function useAutosave(
  attemptId: string,
  base: string,
  enabled: boolean,
  /** Called after the server stored a response: the page keeps its cached copy in step with it. */
  onSaved?: (itemId: string, response: Response) => void,
) {
  const saved = useRef(onSaved);
  saved.current = onSaved;
  const pending = useRef(new Map<string, Response>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retryDelay = useRef(2000);
  const inFlight = useRef<Promise<void> | null>(null);
  const [state, setState] = useState<SaveState>("idle");

  // biome-ignore lint/correctness/useExhaustiveDependencies: schedule only touches refs
  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (inFlight.current) await inFlight.current;
    if (!pending.current.size) return;
    const batch = [...pending.current.entries()];
    setState("saving");
    const run = (async () => {
      try {
        for (const [itemId, response] of batch) {
          await api(`${base}/responses/${encodeURIComponent(itemId)}`, { method: "PUT", body: { response } });
          saved.current?.(itemId, response);
          if (pending.current.get(itemId) === response) pending.current.delete(itemId);
        }
        writeUnsaved(attemptId, pending.current);
        retryDelay.current = 2000;
        setState(pending.current.size ? "saving" : "saved");
        if (pending.current.size) schedule(DEBOUNCE_MS);
      } catch (e) {
        setState("error");
        schedule(retryDelay.current);
        retryDelay.current = Math.min(retryDelay.current * 2, 30_000);
        throw e;
      } finally {
        inFlight.current = null;
      }
    })();
    inFlight.current = run.catch(() => undefined);
    return run;
  }, [attemptId, base]);

  function schedule(ms: number) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      flush().catch(() => undefined);
    }, ms);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: schedule only touches refs
  const save = useCallback(
    (itemId: string, response: Response) => {
      if (!enabled) return;
      pending.current.set(itemId, response);
      writeUnsaved(attemptId, pending.current);
      setState((s) => (s === "error" ? s : "saving"));
      schedule(DEBOUNCE_MS);
    },
    [attemptId, enabled],
  );

  // Responses left unsaved by an earlier visit are sent again.
  const restored = useRef<Record<string, Response> | null>(null);
  if (restored.current === null) restored.current = enabled ? readUnsaved(attemptId) : {};
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per attempt
  useEffect(() => {
    const left = restored.current ?? {};
    for (const [itemId, r] of Object.entries(left)) pending.current.set(itemId, r);
    if (Object.keys(left).length) schedule(0);
    const onLeave = (e: BeforeUnloadEvent) => {
      if (pending.current.size) e.preventDefault();
    };
    window.addEventListener("beforeunload", onLeave);
    return () => {
      window.removeEventListener("beforeunload", onLeave);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [attemptId]);

  const clear = useCallback(() => {
    pending.current.clear();
    writeUnsaved(attemptId, pending.current);
    if (timer.current) clearTimeout(timer.current);
  }, [attemptId]);

  return { save, flush, clear, state, restored: restored.current ?? {} };
}

export function saveStateLabel(state: SaveState): string {
  switch (state) {
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    case "error":
      return "Not saved — retrying";
    default:
      return "";
  }
}
