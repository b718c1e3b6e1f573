/**
 * The signed-in user deletes their own account, as /account/delete does
 * (src/auth/delete-user.ts): the key first, in one transaction with every
 * session and token, then the rows by a job. Needs the browser session
 * (src/auth/api-token-scopes.ts) and the current password.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { deleteOwnAccount } from "../../../../auth/delete-user.ts";
import { PASSWORD_MAX_LENGTH } from "../../../../auth/password-policy.ts";
import { translator } from "../../../../i18n/messages.ts";
import { clientContext } from "../../../client.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser, clearSessionCookie } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ACCOUNT_TAGS, reauthError, reauthResponses } from "./account-schemas.ts";

export const AccountDeletionSchema = z
  .object({
    password: z
      .string()
      .max(PASSWORD_MAX_LENGTH * 8)
      .openapi({ description: "The current password" }),
  })
  .openapi("AccountDeletion");

const remove = createRoute({
  tags: ACCOUNT_TAGS,
  security: API_SECURITY,
  method: "delete",
  path: "/api/v1/account",
  operationId: "deleteMyAccount",
  summary: "Deletes your account by crypto-erasure (the current password required; browser session only)",
  description:
    "In one transaction every wrap of your data key is destroyed and every session and API token ends; a background job then removes your rows. Your IMAP servers are not touched. The last administrator cannot delete their account (409).",
  request: { body: { content: { "application/json": { schema: AccountDeletionSchema } }, required: true } },
  responses: {
    204: { description: "Deleted; the session cookie is cleared" },
    400: errorSpec("The body is not as described"),
    401: errorSpec("Not signed in"),
    ...reauthResponses,
    409: errorSpec("You are the only administrator"),
  },
});

export function registerAccountDeleteApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(remove, async (c) => {
    const { password } = c.req.valid("json");
    const user = actingUser(c);
    const result = await deleteOwnAccount(services, { user, password, confirmation: user.email, address: clientContext(c, services.config).clientAddress });
    if (!result.ok) {
      const tr = translator(c.get("lang"));
      if (result.reason === "last_admin") throw new AppError("CONFLICT", tr("deleteAccount.lastAdmin"));
      if (result.reason === "confirmation") throw new AppError("BAD_REQUEST", tr("deleteAccount.wrongConfirmation"));
      throw reauthError(c, result.reason === "throttled" ? result : { ok: false, reason: "wrong_password" });
    }
    clearSessionCookie(c, services.config);
    return c.body(null, 204);
  });
}
