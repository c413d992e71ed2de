import { z } from "zod";
import { email, orgDto, password, personName, roleEnum, userDto } from "../identity/identity.schema.ts";
import { listQuery, orgParams, pageOf } from "../organizations/organizations.schema.ts";

export { listQuery, orgParams, pageOf };

const id = z.string().min(1).max(64);
export const classParams = orgParams.extend({ classId: id });
export const studentParams = classParams.extend({ userId: id });

const className = z.string().trim().min(1, "is required").max(255);
const description = z.string().trim().max(5000);

export const createClassBody = z.object({ name: className, description: description.optional() });
export const patchClassBody = z
  .object({ name: className.optional(), description: description.nullable().optional() })
  .strict();
export const addStudentBody = z.object({ email, name: personName });
export const joinBody = z.object({
  code: z.string().trim().min(4, "is too short").max(32),
  name: personName,
  email,
  password,
});

export const classDto = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  joinCode: z.string(),
  studentCount: z.number(),
  createdAt: z.string(),
});
/** Names of students without email, one account each (login cards). */
export const createAccountsBody = z.object({
  names: z.array(z.string().trim().min(1, "is required").max(255)).min(1).max(60),
});

export const studentDto = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  username: z.string().nullable(),
  joinedAt: z.string(),
  addedVia: z.enum(["code", "teacher"]),
});
export const joinDto = z.object({
  user: userDto,
  organization: orgDto,
  membership: z.object({ organizationId: z.string(), userId: z.string(), role: roleEnum }),
  class: classDto,
});
