import type { MeDto, OrganizationDto, Role, UserDto } from "@languagecloud/domain";

export function presentUser(u: {
  id: string;
  email: string;
  name: string;
  username: string | null;
  created_at: string;
}): UserDto {
  return { id: u.id, email: u.email, name: u.name, username: u.username, createdAt: u.created_at };
}

export function presentOrganization(o: { id: string; name: string; created_at: string }): OrganizationDto {
  return { id: o.id, name: o.name, createdAt: o.created_at };
}

export function presentMe(
  user: Parameters<typeof presentUser>[0],
  memberships: { id: string; name: string; created_at: string; role: Role }[],
): MeDto {
  return {
    user: presentUser(user),
    memberships: memberships.map((m) => ({ organization: presentOrganization(m), role: m.role })),
  };
}
