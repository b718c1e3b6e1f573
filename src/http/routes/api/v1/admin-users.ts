/**
 * Users for administrators, as /admin/users offers them: list (keyset
 * pages), read, disable, enable, delete, a password reset link (which wipes
 * the user's encrypted data, as the page warns), and the role. An
 * administrator cannot do any of these to themselves (409), so one always
 * remains. Anyone who is not an administrator gets 404 for all of it.
 * A user's key mode is not here: switching it needs the user's password.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { deleteUser, resetUserPassword, setUserStatus, type AdminRefusal } from "../../../../auth/admin.ts";
import { usersPage } from "../../../../auth/admin-lists.ts";
import { invitationUrl } from "../../../../auth/invitations.ts";
import { ADMIN_LIST_PAGE_SIZE } from "../../../../auth/keyset-page.ts";
import { setUserRole } from "../../../../auth/roles.ts";
import { getUser } from "../../../../auth/users.ts";
import { isUuid } from "../../../../ids.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { guardAdminPaths } from "./admin-guard.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ADMIN_TAGS, idParam, PageQuerySchema, readPage } from "./admin-schemas.ts";
import { AdminUserListSchema, AdminUserSchema, adminUserJson, PasswordResetLinkSchema, RoleChangeSchema } from "./admin-users-schemas.ts";

/** Days a reset link stays usable: as on the page. */
const RESET_LINK_DAYS = 3;

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const userParam = { params: z.object({ userId: idParam("userId") }) };
const common = { tags: ADMIN_TAGS, security: API_SECURITY };
const notFound = errorSpec("No such user, or you are not an administrator");
const self = errorSpec("Not to yourself: there must always be an administrator left");

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/admin/users",
  operationId: "listAdminUsers",
  summary: "Every user, oldest account first, 50 a page",
  description: "Keyset pagination: follow `next` (as `after`) and `previous` (as `before`).",
  request: { query: PageQuerySchema },
  responses: { 200: { description: "One page", ...json(AdminUserListSchema) }, 400: errorSpec("A malformed cursor"), 401: errorSpec("Not signed in"), 404: errorSpec("You are not an administrator") },
});

const read = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/admin/users/{userId}",
  operationId: "getAdminUser",
  summary: "One user",
  request: userParam,
  responses: { 200: { description: "The user", ...json(AdminUserSchema) }, 401: errorSpec("Not signed in"), 404: notFound },
});

const statusRoute = (status: "disable" | "enable") =>
  createRoute({
    ...common,
    method: "post",
    path: `/api/v1/admin/users/{userId}/${status}`,
    operationId: status === "disable" ? "disableUser" : "enableUser",
    summary: status === "disable" ? "Disables a user: signs them out everywhere and refuses their sign-in" : "Lets a disabled user sign in again",
    request: userParam,
    responses: { 200: { description: "The user as it is now", ...json(AdminUserSchema) }, 401: errorSpec("Not signed in"), 404: notFound, 409: self },
  });

const role = createRoute({
  ...common,
  method: "put",
  path: "/api/v1/admin/users/{userId}/role",
  operationId: "setUserRole",
  summary: "Makes a user an administrator, or an ordinary user again",
  request: { ...userParam, body: { ...json(RoleChangeSchema), required: true } },
  responses: { 200: { description: "The user as it is now", ...json(AdminUserSchema) }, 400: errorSpec("role is not admin or user"), 401: errorSpec("Not signed in"), 404: notFound, 409: self },
});

const reset = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/admin/users/{userId}/password-reset",
  operationId: "resetUserPassword",
  summary: "Resets a user's password: wipes their encrypted data and returns a link to set a new one",
  description:
    "Nobody, administrators included, can read a user's data without their password, so a reset deletes their mailboxes, messages and second factor. The link is shown once and works once, for 3 days; an earlier open reset link stops working.",
  request: userParam,
  responses: { 201: { description: "The link", ...json(PasswordResetLinkSchema) }, 401: errorSpec("Not signed in"), 404: notFound, 409: self },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/api/v1/admin/users/{userId}",
  operationId: "deleteUser",
  summary: "Deletes a user and everything of theirs",
  request: userParam,
  responses: { 204: { description: "Deleted" }, 401: errorSpec("Not signed in"), 404: notFound, 409: self },
});

function targetId(userId: string): string {
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", "no such user");
  return userId;
}

function refused(refusal: AdminRefusal): never {
  if (refusal === "not_found") throw new AppError("NOT_FOUND", "no such user");
  throw new AppError("CONFLICT", "not to yourself: there must always be an administrator left");
}

export function registerAdminUsersApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;
  guardAdminPaths(app, "/api/v1/admin/users");

  app.openapi(list, async (c) => {
    const page = await readPage(c.req.valid("query"), (position) => usersPage(sql, position, ADMIN_LIST_PAGE_SIZE));
    c.header("Cache-Control", "no-store");
    return c.json({ users: page.rows.map(adminUserJson), next: page.next, previous: page.previous }, 200);
  });

  app.openapi(read, async (c) => {
    const user = await getUser(sql, targetId(c.req.valid("param").userId));
    if (!user) throw new AppError("NOT_FOUND", "no such user");
    return c.json(adminUserJson(user), 200);
  });

  for (const status of ["disable", "enable"] as const) {
    app.openapi(statusRoute(status), async (c) => {
      const id = targetId(c.req.valid("param").userId);
      const refusal = await setUserStatus(services, actingUser(c), id, status === "disable" ? "disabled" : "active");
      if (refusal) refused(refusal);
      return c.json(adminUserJson((await getUser(sql, id))!), 200);
    });
  }

  app.openapi(role, async (c) => {
    const result = await setUserRole(services, actingUser(c), targetId(c.req.valid("param").userId), c.req.valid("json").role);
    if (!result.ok) refused(result.reason);
    return c.json(adminUserJson(result.user), 200);
  });

  app.openapi(reset, async (c) => {
    const result = await resetUserPassword(services, actingUser(c), targetId(c.req.valid("param").userId), RESET_LINK_DAYS);
    if (typeof result === "string") refused(result);
    c.header("Cache-Control", "no-store");
    return c.json({ url: invitationUrl(services.config.publicUrl, "password_reset", result.token), expiresAt: result.expiresAt.toISOString() }, 201);
  });

  app.openapi(remove, async (c) => {
    const refusal = await deleteUser(services, actingUser(c), targetId(c.req.valid("param").userId));
    if (refusal) refused(refusal);
    return c.body(null, 204);
  });
}
