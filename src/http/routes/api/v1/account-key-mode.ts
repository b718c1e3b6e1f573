/**
 * The signed-in user switches key mode, as /account/security does, with
 * their password: background (the server can open the data key for work
 * while they are away) or strict (only live sessions hold it; going strict
 * signs out the other devices). The session is replaced; the new cookie is
 * in the answer. Audited as user.key_mode_changed.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { changeKeyMode } from "../../../../auth/account.ts";
import { PASSWORD_MAX_LENGTH } from "../../../../auth/password-policy.ts";
import { clientContext } from "../../../client.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { actingSession, actingUser, setSessionCookie } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ACCOUNT_TAGS, reauthError, reauthResponses } from "./account-schemas.ts";

export const KeyModeChangeSchema = z
  .object({
    mode: z.enum(["background", "strict"]),
    password: z
      .string()
      .max(PASSWORD_MAX_LENGTH * 8)
      .openapi({ description: "Your current password" }),
  })
  .openapi("KeyModeChange");

export const KeyModeSchema = z.object({ keyMode: z.enum(["background", "strict"]) }).openapi("KeyMode");

const change = createRoute({
  tags: ACCOUNT_TAGS,
  security: API_SECURITY,
  method: "put",
  path: "/api/v1/me/key-mode",
  operationId: "setMyKeyMode",
  summary: "Switches between background and strict key mode (your password required)",
  description:
    "strict: the data key exists on the server only while you have a live session, so sync and analysis run only then, and your other devices are signed out. background: the server key also wraps it, so work goes on while you are away. The answer sets a new session cookie.",
  request: { body: { content: { "application/json": { schema: KeyModeChangeSchema } }, required: true } },
  responses: {
    200: { description: "Switched", content: { "application/json": { schema: KeyModeSchema } } },
    400: errorSpec("mode is not background or strict"),
    401: errorSpec("Not signed in"),
    ...reauthResponses,
  },
});

export function registerAccountKeyModeApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(change, async (c) => {
    const { mode, password } = c.req.valid("json");
    const session = actingSession(c);
    const result = await changeKeyMode(services, { user: actingUser(c), session, mode, password, context: clientContext(c, services.config) });
    if (!result.ok) throw reauthError(c, result);
    setSessionCookie(c, services.config, result.token, session.persistent);
    return c.json({ keyMode: mode }, 200);
  });
}
