/**
 * JSON: the message page's actions POST /api/v1/messages/{messageId}/actions
 * does not cover: snooze (the menu's choices or an ISO instant), spam / not
 * spam report (corrects the analysis and moves in one step), unsubscribe
 * (one-click when the message allows it, else the ways to do it by hand) and
 * the sender as VIP.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { reportSpam } from "../../../../mail/actions/spam-report.ts";
import { unsubscribeFromMessage } from "../../../../mail/unsubscribe-request.ts";
import { isOwnMessage } from "../../../../inbox/message.ts";
import { addVipSender, removeVipSender, vipEntriesFor } from "../../../../senders/vip.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { ownMessage, requestDataKey } from "../../../request.ts";
import { SnoozeBodySchema, SnoozedSchema, snoozeOwnMessage } from "./snooze-schemas.ts";

const TAGS = ["Messages"];
const messageIdParam = z.object({ messageId: z.string().openapi({ param: { name: "messageId", in: "path" }, format: "uuid" }) });

export const SpamBodySchema = z.object({ spam: z.boolean().openapi({ description: "true: report as spam; false: not spam" }) }).openapi("SpamReport", { example: { spam: true } });
export const SpamResultSchema = z
  .object({ actionId: z.string().uuid().nullable().openapi({ description: "The journaled move, for its state and undo; null when no move was needed" }) })
  .openapi("SpamReportResult");

export const UnsubscribeResultSchema = z
  .object({
    done: z.enum(["one_click", "offered"]).openapi({ description: "one_click: the sender was told by its one-click address; offered: do it by hand with `mailto` or `link`" }),
    mailto: z.string().nullable(),
    link: z.string().nullable(),
    failed: z.enum(["refused", "unreachable", "rejected"]).nullable().openapi({ description: "Why the one-click request did not work, if it was tried" }),
  })
  .openapi("UnsubscribeResult");

export const VipBodySchema = z
  .object({ vip: z.boolean().openapi({ description: "true: the sender's address becomes a VIP; false: its address entry is removed" }) })
  .openapi("MessageVip", { example: { vip: true } });
export const VipResultSchema = z.object({ vip: z.boolean(), sender: z.string() }).openapi("MessageVipResult");

const snooze = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/snooze",
  operationId: "snoozeMessage",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Snoozes a message until a time (or wakes it with `clear`)",
  request: { params: messageIdParam, body: { content: { "application/json": { schema: SnoozeBodySchema } }, required: true } },
  responses: {
    200: { description: "Snoozed", content: { "application/json": { schema: SnoozedSchema } } },
    400: errorSpec("No time, or one in the past"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

const spam = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/spam",
  operationId: "reportMessageSpam",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Reports a message as spam or not spam",
  description: "Corrects the analysis and moves it (to junk, or back to the inbox) through the journal; undo the returned action to take both back.",
  request: { params: messageIdParam, body: { content: { "application/json": { schema: SpamBodySchema } }, required: true } },
  responses: {
    202: { description: "Reported; the move is queued", content: { "application/json": { schema: SpamResultSchema } } },
    400: errorSpec("`spam` missing"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
    409: errorSpec("The message has no copy on the server any more"),
  },
});

const unsubscribe = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/unsubscribe",
  operationId: "unsubscribeFromMessage",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Unsubscribes from the list a message came from",
  description: "Sends the one-click request (RFC 8058) when the message offers it; otherwise, or when it fails, answers the ways to do it by hand.",
  request: { params: messageIdParam },
  responses: {
    200: { description: "What was done", content: { "application/json": { schema: UnsubscribeResultSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
    429: errorSpec("More outbound requests than allowed per minute (`RATE_LIMITED`); wait the seconds in `Retry-After`"),
  },
});

const vip = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/vip",
  operationId: "setMessageSenderVip",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Makes a message's sender a VIP, or removes its address entry",
  description: "Domain entries are changed with /api/v1/vip-senders only.",
  request: { params: messageIdParam, body: { content: { "application/json": { schema: VipBodySchema } }, required: true } },
  responses: {
    200: { description: "Done", content: { "application/json": { schema: VipResultSchema } } },
    400: errorSpec("The message has no sender address a VIP entry can hold"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
    409: errorSpec("The VIP list is full"),
  },
});

export function registerMessageMoreActionsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(snooze, async (c) => c.json(await snoozeOwnMessage(services.sql, actingUser(c), c.req.valid("param").messageId, c.req.valid("json")), 200));

  app.openapi(spam, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const result = await reportSpam(services.sql, message.dataKey, message.userId, message.id, c.req.valid("json").spam);
    if (!result.ok) {
      if (result.reason === "no_copy") throw new AppError("CONFLICT", "the message has no copy on the server any more");
      throw new AppError("NOT_FOUND", "no such message");
    }
    return c.json({ actionId: result.journalId }, 202);
  });

  app.openapi(unsubscribe, async (c) => {
    const userId = actingUser(c).id;
    const { messageId } = c.req.valid("param");
    if (!(await isOwnMessage(services.sql, userId, messageId))) throw new AppError("NOT_FOUND", "no such message");
    const outcome = await unsubscribeFromMessage(services.sql, await requestDataKey(c, services), userId, messageId);
    if (outcome.done === "not_found") throw new AppError("NOT_FOUND", "no such message");
    if (outcome.done === "rate_limited") {
      const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
      throw new AppError("RATE_LIMITED", `too many outbound requests; try again in ${seconds} s`, { "Retry-After": String(seconds) });
    }
    if (outcome.done === "one_click") return c.json({ done: "one_click" as const, mailto: null, link: null, failed: null }, 200);
    return c.json({ done: "offered" as const, mailto: outcome.options.mailto, link: outcome.options.link, failed: outcome.failed ?? null }, 200);
  });

  app.openapi(vip, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const sender = message.headers.from[0]?.address;
    if (!sender?.trim()) throw new AppError("BAD_REQUEST", "the message has no sender address");
    const on = c.req.valid("json").vip;
    if (on) {
      const added = await addVipSender(services.sql, message.dataKey, message.userId, sender, "address");
      if (added.outcome === "invalid") throw new AppError("BAD_REQUEST", "the sender address is not one a VIP entry can hold");
      if (added.outcome === "full") throw new AppError("CONFLICT", "the VIP list is full");
    } else {
      const entry = (await vipEntriesFor(services.sql, message.dataKey, message.userId, sender)).find((candidate) => candidate.kind === "address");
      if (entry) await removeVipSender(services.sql, message.dataKey, message.userId, entry.id);
    }
    return c.json({ vip: on, sender }, 200);
  });
}
