import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "../../lib/passwords.ts";

export const email = z.string().trim().toLowerCase().email("must be an email address").max(255);
/** Length only: composition rules make passwords weaker and users angrier (NIST SP 800-63B). */
export const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, "must be at most 256 characters");
export const personName = z.string().trim().min(1, "is required").max(255);

export const signupBody = z.object({
  organizationName: z.string().trim().min(1, "is required").max(255),
  name: personName,
  email,
  password,
});

/** `{email, password}`, or `{username, password}` for an account without email (login cards). */
export const loginBody = z
  .object({
    email: email.optional(),
    username: z.string().trim().toLowerCase().min(1).max(64).optional(),
    password: z.string().min(1).max(256),
  })
  .refine((b) => (b.email === undefined) !== (b.username === undefined), {
    message: "give either email or username",
    path: ["email"],
  });
export const resetRequestBody = z.object({ email });
export const resetConfirmBody = z.object({ token: z.string().min(10).max(200), password });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: password });

const userDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  username: z.string().nullable(),
  createdAt: z.string(),
});
const orgDto = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export const roleEnum = z.enum(["owner", "admin", "teacher", "student"]);
export const meDto = z.object({
  user: userDto,
  memberships: z.array(z.object({ organization: orgDto, role: roleEnum })),
});
export const signupDto = z.object({
  user: userDto,
  organization: orgDto,
  membership: z.object({ organizationId: z.string(), userId: z.string(), role: roleEnum }),
});
export { orgDto, userDto };
