import type { MeDto, Role } from "@languagecloud/domain";
import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "./client.ts";

export const meKey = ["me"] as const;

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<MeDto | null> => {
      try {
        return await api<MeDto>("/me", { allowUnauthorized: true });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

const RANK: Record<Role, number> = { student: 0, teacher: 1, admin: 2, owner: 3 };

/** True when `role` is at least `needed` (owner > admin > teacher > student). */
export function can(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

export function roleIn(me: MeDto | null | undefined, orgId: string | undefined): Role | undefined {
  return me?.memberships.find((m) => m.organization.id === orgId)?.role;
}

/** Where a member lands after logging in. */
export function homeFor(me: MeDto): string {
  const first = me.memberships[0];
  if (!first) return "/no-organization";
  const base = `/o/${first.organization.id}`;
  return first.role === "student" ? `${base}/my` : `${base}/library`;
}
