/** Schemas of the users API for administrators. */
import { z } from "@hono/zod-openapi";
import type { User } from "../../../../auth/users.ts";
import { pageCursors } from "./admin-schemas.ts";

export const AdminUserSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(["admin", "user"]),
    status: z.enum(["active", "disabled"]),
    keyMode: z.enum(["background", "strict"]).openapi({ description: "Only the user can change it (it needs their password)." }),
    secondFactor: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
    passwordChangedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("AdminUser");
export type AdminUserJson = z.infer<typeof AdminUserSchema>;

export const AdminUserListSchema = z.object({ users: z.array(AdminUserSchema), ...pageCursors }).openapi("AdminUserList");
export type AdminUserList = z.infer<typeof AdminUserListSchema>;

export const RoleChangeSchema = z.object({ role: z.enum(["admin", "user"]) }).openapi("RoleChange");

export const PasswordResetLinkSchema = z
  .object({
    url: z.string().openapi({ description: "The single-use link to give the user. Shown once: only its hash is stored." }),
    expiresAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("PasswordResetLink");
export type PasswordResetLink = z.infer<typeof PasswordResetLinkSchema>;

export function adminUserJson(user: User): AdminUserJson {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    status: user.status,
    keyMode: user.keyMode,
    secondFactor: user.totpEnabled,
    createdAt: user.createdAt.toISOString(),
    passwordChangedAt: user.passwordChangedAt.toISOString(),
  };
}
