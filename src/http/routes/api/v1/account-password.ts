/**
 * The signed-in user changes their password, as /account/password does:
 * the current one is required (throttled like sign-in), the data key is
 * re-wrapped, every other session ends and this one is replaced (the new
 * session cookie is in the answer). Audited as user.password_changed.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { changePassword } from "../../../../auth/account.ts";
import { PASSWORD_MAX_LENGTH } from "../../../../auth/password-policy.ts";
import { translator, type MessageKey } from "../../../../i18n/messages.ts";
import { clientContext } from "../../../client.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingSession, actingUser, setSessionCookie } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ACCOUNT_TAGS, reauthError, reauthResponses } from "./account-schemas.ts";

export const PasswordChangeSchema = z
  .object({
    current: z
      .string()
      .max(PASSWORD_MAX_LENGTH * 8)
      .openapi({ description: "The password now" }),
    next: z
      .string()
      .max(PASSWORD_MAX_LENGTH * 8)
      .openapi({ description: "The new password (checked like at sign-up: length, common passwords, not the email)" }),
  })
  .openapi("PasswordChange");

const change = createRoute({
  tags: ACCOUNT_TAGS,
  security: API_SECURITY,
  method: "post",
  path: "/api/v1/me/password",
  operationId: "changeMyPassword",
  summary: "Changes your password (the current one required); signs out your other devices",
  description: "The answer sets a new session cookie: the session is replaced, as at any change of privilege. Nothing is re-encrypted; the data key is wrapped under the new password.",
  request: { body: { content: { "application/json": { schema: PasswordChangeSchema } }, required: true } },
  responses: {
    204: { description: "Changed; the new session cookie is set" },
    400: errorSpec("The new password is too weak (the message says why)"),
    401: errorSpec("Not signed in"),
    ...reauthResponses,
  },
});

export function registerAccountPasswordApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(change, async (c) => {
    const { current, next } = c.req.valid("json");
    const session = actingSession(c);
    const result = await changePassword(services, { user: actingUser(c), session, current, next, context: clientContext(c, services.config) });
    if (!result.ok) {
      if (result.reason === "weak_password") throw new AppError("BAD_REQUEST", translator(c.get("lang"))(`password.${result.check.reason}` as MessageKey));
      throw reauthError(c, result);
    }
    setSessionCookie(c, services.config, result.token, session.persistent);
    return c.body(null, 204);
  });
}
