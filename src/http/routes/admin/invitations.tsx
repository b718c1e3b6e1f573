import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { audit } from "../../../auth/audit.ts";
import { createInvitation, INVITATION_MAX_DAYS, invitationUrl, listInvitations, revokeInvitation } from "../../../auth/invitations.ts";
import { isUuid } from "../../../ids.ts";
import { InvitationRow, InvitationsPage } from "../../../../views/admin/invitations.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx } from "../../request.ts";

export function registerAdminInvitations(app: Hono<AppEnv>, services: Services) {
  app.get("/admin/invitations", async (c) => c.html(<InvitationsPage page={pageContext(c)} invitations={await listInvitations(services.sql)} />));

  app.post("/admin/invitations", async (c) => {
    const form = await readForm(c);
    const role = form.role === "admin" ? "admin" : "user";
    const days = Number(form.days ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > INVITATION_MAX_DAYS) throw new AppError("BAD_REQUEST", `days must be an integer from 1 to ${INVITATION_MAX_DAYS}`);
    const email = (form.email ?? "").trim();
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new AppError("BAD_REQUEST", "email is not an email address");
    const actor = actingUser(c);
    const { invitation, token } = await createInvitation(services.sql, { createdBy: actor.id, email: email || null, role, days });
    await audit(services.sql, services.log, "invitation.created", { actorId: actor.id, detail: { invitationId: invitation.id, role } });
    c.header("Cache-Control", "no-store");
    const created = { url: invitationUrl(services.config.publicUrl, "signup", token), expiresAt: invitation.expiresAt };
    return c.html(<InvitationsPage page={pageContext(c)} invitations={await listInvitations(services.sql)} created={created} />);
  });

  app.post("/admin/invitations/:invitationId/revoke", async (c) => {
    const id = c.req.param("invitationId");
    if (!isUuid(id) || !(await revokeInvitation(services.sql, id))) throw new AppError("NOT_FOUND", "no open invitation with this id");
    await audit(services.sql, services.log, "invitation.revoked", { actorId: actingUser(c).id, detail: { invitationId: id } });
    if (!isHtmx(c)) return c.redirect("/admin/invitations", 303);
    const invitation = (await listInvitations(services.sql)).find((entry) => entry.id === id)!;
    return c.html(<InvitationRow page={pageContext(c)} invitation={invitation} />);
  });
}
