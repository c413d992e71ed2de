import { z } from "zod";
import { email, orgDto, personName, roleEnum, userDto } from "../identity/identity.schema.ts";

export const orgParams = z.object({ orgId: z.string().min(1).max(64) });
export const memberParams = orgParams.extend({ userId: z.string().min(1).max(64) });
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const membersQuery = listQuery.extend({ role: roleEnum.optional() });
export const patchOrgBody = z.object({ name: z.string().trim().min(1).max(255) });
export const patchMemberBody = z.object({ role: roleEnum });
export const inviteBody = z.object({ email, role: roleEnum });
export const acceptParams = z.object({ token: z.string().min(10).max(200) });
export const acceptBody = z.object({ name: personName.optional(), password: z.string().min(10).max(256).optional() });

export const memberDto = z.object({ user: userDto, role: roleEnum, joinedAt: z.string() });
export const invitationParams = orgParams.extend({ invitationId: z.string().min(1).max(64) });
export const invitationDto = z.object({
  id: z.string(),
  email: z.string(),
  role: roleEnum,
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export { orgDto };
