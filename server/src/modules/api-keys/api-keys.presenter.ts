import type { Role } from "@languagecloud/domain";

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

export function presentApiKey(r: ApiKeyRow) {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}
