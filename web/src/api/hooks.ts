import type { Page } from "@languagecloud/domain";
import { type QueryKey, useQuery } from "@tanstack/react-query";
import { api } from "./client.ts";

/** GET a JSON resource under `/orgs/{orgId}`. */
export function useOrgQuery<T>(
  orgId: string,
  path: string,
  opts: { enabled?: boolean; refetchInterval?: number | false } = {},
) {
  const key: QueryKey = ["org", orgId, path];
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<T>(`/orgs/${orgId}${path}`, { signal }),
    enabled: opts.enabled ?? true,
    refetchInterval: opts.refetchInterval ?? false,
  });
}

/** Lists come as `{items, nextCursor}`; a bare array is accepted too. */
export function itemsOf<T>(data: Page<T> | T[] | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}
