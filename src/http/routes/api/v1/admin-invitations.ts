/**
 * Sign-up invitations for administrators, as /admin/invitations offers
 * them: list (keyset pages, newest first), create (the link is in the answer
 * once) and revoke an open one; both changes are written to the audit log.
 * Anyone who is not an administrator gets 404.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { findSignupInvitation, invitationsPage } from "../../../../auth/admin-lists.ts";
import { audit } from "../../../../auth/audit.ts";
import { invitationUrl, revokeInvitation } from "../../../../auth/invitations.ts";
import { inviteUser } from "../../../../auth/invite.ts";
import { ADMIN_LIST_PAGE_SIZE } from "../../../../auth/keyset-page.ts";
import { isUuid } from "../../../../ids.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { guardAdminPaths } from "./admin-guard.ts";
import { CreatedInvitationSchema, InvitationListSchema, invitationJson, InvitationSchema, NewInvitationSchema } from "./admin-invitations-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ADMIN_TAGS, idParam, PageQuerySchema, readPage } from "./admin-schemas.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const common = { tags: ADMIN_TAGS, security: API_SECURITY };

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/admin/invitations",
  operationId: "listInvitations",
  summary: "Sign-up invitations, newest first, 50 a page",
  description: "Keyset pagination: follow `next` (as `after`) and `previous` (as `before`).",
  request: { query: PageQuerySchema },
  responses: { 200: { description: "One page", ...json(InvitationListSchema) }, 400: errorSpec("A malformed cursor"), 401: errorSpec("Not signed in"), 404: errorSpec("You are not an administrator") },
});

const create = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/admin/invitations",
  operationId: "createInvitation",
  summary: "Creates a sign-up invitation and returns its link (once)",
  request: { body: { ...json(NewInvitationSchema), required: true } },
  responses: {
    201: { description: "Created", ...json(CreatedInvitationSchema) },
    400: errorSpec("A malformed email, role or number of days"),
    401: errorSpec("Not signed in"),
    404: errorSpec("You are not an administrator"),
  },
});

const revoke = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/admin/invitations/{invitationId}/revoke",
  operationId: "revokeInvitation",
  summary: "Withdraws an open invitation: its link stops working",
  request: { params: z.object({ invitationId: idParam("invitationId") }) },
  responses: {
    200: { description: "The invitation, revoked", ...json(InvitationSchema) },
    401: errorSpec("Not signed in"),
    404: errorSpec("No open invitation with this id (used, revoked or expired already), or you are not an administrator"),
  },
});

export function registerAdminInvitationsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;
  guardAdminPaths(app, "/api/v1/admin/invitations");

  app.openapi(list, async (c) => {
    const page = await readPage(c.req.valid("query"), (position) => invitationsPage(sql, position, ADMIN_LIST_PAGE_SIZE));
    const now = new Date();
    c.header("Cache-Control", "no-store");
    return c.json({ invitations: page.rows.map((invitation) => invitationJson(invitation, now)), next: page.next, previous: page.previous }, 200);
  });

  app.openapi(create, async (c) => {
    const input = c.req.valid("json");
    const actor = actingUser(c);
    const { invitation, token } = await inviteUser(services, actor.id, { email: input.email || null, role: input.role, days: input.days });
    c.header("Cache-Control", "no-store");
    return c.json({ invitation: invitationJson(invitation), url: invitationUrl(services.config.publicUrl, "signup", token) }, 201);
  });

  app.openapi(revoke, async (c) => {
    const { invitationId } = c.req.valid("param");
    // Only sign-up invitations: a password reset link is the user's row's business (POST …/users/{id}/password-reset replaces it).
    const found = isUuid(invitationId) ? await findSignupInvitation(sql, invitationId) : undefined;
    if (!found || !(await revokeInvitation(sql, invitationId))) throw new AppError("NOT_FOUND", "no open invitation with this id");
    await audit(sql, services.log, "invitation.revoked", { actorId: actingUser(c).id, detail: { invitationId } });
    return c.json(invitationJson((await findSignupInvitation(sql, invitationId))!), 200);
  });
}
