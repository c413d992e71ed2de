/**
 * The background work that runs beside the API: in process when there is no Redis (the embedded mode), otherwise
 * in `languagecloud worker` processes. The worker module fills this in.
 */
import type { AppContext } from "./context.ts";

export interface Background {
  stop(): Promise<void>;
}

export async function startBackground(_ctx: AppContext, _opts: { inProcess: boolean }): Promise<Background> {
  return { stop: async () => {} };
}
