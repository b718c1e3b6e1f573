/**
 * JSON: the waiting page's other forms. POST /api/v1/waiting/{messageId}/remind
 * (a reminder: the sent message is snoozed), /restore (waiting again after
 * "dismiss"), and GET/PUT /api/v1/waiting/settings (the number of days).
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { isOwnMessage } from "../../../../inbox/message.ts";
import { MAX_WAITING_DAYS, MIN_WAITING_DAYS } from "../../../../mail/waiting/limits.ts";
import { restoreWaiting, setWaitingDays, waitingDays } from "../../../../mail/waiting/waiting.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { SnoozeBodySchema, SnoozedSchema, snoozeOwnMessage } from "./snooze-schemas.ts";

const TAGS = ["Messages"];
const messageIdParam = z.object({ messageId: z.string().openapi({ param: { name: "messageId", in: "path" }, format: "uuid" }) });

export const WaitingSettingsSchema = z
  .object({ days: z.number().int().min(MIN_WAITING_DAYS).max(MAX_WAITING_DAYS).openapi({ description: "Days without an answer before a sent message waits" }) })
  .openapi("WaitingSettings", { example: { days: 3 } });

const remind = createRoute({
  method: "post",
  path: "/api/v1/waiting/{messageId}/remind",
  operationId: "remindWaitingMessage",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Sets a reminder on a waiting message (snoozes it until then)",
  request: { params: messageIdParam, body: { content: { "application/json": { schema: SnoozeBodySchema } }, required: true } },
  responses: {
    200: { description: "The reminder", content: { "application/json": { schema: SnoozedSchema } } },
    400: errorSpec("No time, or one in the past"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

const restore = createRoute({
  method: "post",
  path: "/api/v1/waiting/{messageId}/restore",
  operationId: "restoreWaitingMessage",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Waits for a reply to a message again (the undo of dismiss)",
  request: { params: messageIdParam },
  responses: { 204: { description: "Done (also when it was not dismissed)" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such message of yours") },
});

const getSettings = createRoute({
  method: "get",
  path: "/api/v1/waiting/settings",
  operationId: "getWaitingSettings",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Your waiting-for-reply setting",
  responses: { 200: { description: "The setting", content: { "application/json": { schema: WaitingSettingsSchema } } }, 401: errorSpec("Not signed in") },
});

const putSettings = createRoute({
  method: "put",
  path: "/api/v1/waiting/settings",
  operationId: "updateWaitingSettings",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Changes your waiting-for-reply setting",
  request: { body: { content: { "application/json": { schema: WaitingSettingsSchema } }, required: true } },
  responses: {
    200: { description: "The setting now", content: { "application/json": { schema: WaitingSettingsSchema } } },
    400: errorSpec(`days outside ${MIN_WAITING_DAYS} to ${MAX_WAITING_DAYS}`),
    401: errorSpec("Not signed in"),
  },
});

export function registerWaitingActionsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(getSettings, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ days: await waitingDays(services.sql, actingUser(c).id) }, 200);
  });

  app.openapi(putSettings, async (c) => {
    const userId = actingUser(c).id;
    if (!(await setWaitingDays(services.sql, userId, c.req.valid("json").days))) throw new AppError("BAD_REQUEST", `days: from ${MIN_WAITING_DAYS} to ${MAX_WAITING_DAYS}`);
    return c.json({ days: await waitingDays(services.sql, userId) }, 200);
  });

  app.openapi(remind, async (c) => c.json(await snoozeOwnMessage(services.sql, actingUser(c), c.req.valid("param").messageId, c.req.valid("json")), 200));

  app.openapi(restore, async (c) => {
    const userId = actingUser(c).id;
    const { messageId } = c.req.valid("param");
    if (!(await isOwnMessage(services.sql, userId, messageId))) throw new AppError("NOT_FOUND", "no such message");
    await restoreWaiting(services.sql, userId, messageId);
    return c.body(null, 204);
  });
}
