import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { deleteUser, resetUserPassword, setUserStatus, type AdminRefusal } from "../../../auth/admin.ts";
import { invitationUrl } from "../../../auth/invitations.ts";
import { getUser, listUsers } from "../../../auth/users.ts";
import { isUuid } from "../../../ids.ts";
import { translator } from "../../../i18n/messages.ts";
import { UserRow, UsersPage, type ResetLink } from "../../../../views/admin/users.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx } from "../../request.ts";

const RESET_LINK_DAYS = 3;

/** Administration of users (the guard already answered 404 to anyone who is not an administrator). */
export function registerAdminUsers(app: Hono<AppEnv>, services: Services) {
  app.get("/admin/users", async (c) => c.html(<UsersPage page={pageContext(c)} users={await listUsers(services.sql)} actorId={actingUser(c).id} />));

  /** Answers with the user's row (htmx) or the whole page. */
  const answer = async (c: Context<AppEnv>, userId: string, refusal: AdminRefusal | undefined, resetLink?: ResetLink) => {
    if (refusal === "not_found") throw new AppError("NOT_FOUND", "no such user");
    const tr = translator(c.get("lang"));
    const error = refusal ? tr(`admin.refused.${refusal}`) : undefined;
    if (!isHtmx(c)) {
      if (error) throw new AppError("CONFLICT", error);
      return c.redirect("/admin/users", 303);
    }
    const user = await getUser(services.sql, userId);
    if (!user) return c.body("", 200); // deleted: the row goes away
    return c.html(<UserRow page={pageContext(c)} user={user} actorId={actingUser(c).id} resetLink={resetLink} error={error} />);
  };

  const targetId = (c: Context<AppEnv>) => {
    const id = c.req.param("userId") ?? "";
    if (!isUuid(id)) throw new AppError("NOT_FOUND", "no such user");
    return id;
  };

  app.post("/admin/users/:userId/disable", async (c) => answer(c, targetId(c), await setUserStatus(services, actingUser(c), targetId(c), "disabled")));
  app.post("/admin/users/:userId/enable", async (c) => answer(c, targetId(c), await setUserStatus(services, actingUser(c), targetId(c), "active")));
  app.post("/admin/users/:userId/delete", async (c) => answer(c, targetId(c), await deleteUser(services, actingUser(c), targetId(c))));

  app.post("/admin/users/:userId/reset-password", async (c) => {
    const id = targetId(c);
    const result = await resetUserPassword(services, actingUser(c), id, RESET_LINK_DAYS);
    if (typeof result === "string") return answer(c, id, result);
    const link = { url: invitationUrl(services.config.publicUrl, "password_reset", result.token), expiresAt: result.expiresAt };
    c.header("Cache-Control", "no-store");
    if (isHtmx(c)) return answer(c, id, undefined, link);
    return c.html(<UsersPage page={pageContext(c)} users={await listUsers(services.sql)} actorId={actingUser(c).id} reset={{ userId: id, link }} />);
  });
}
