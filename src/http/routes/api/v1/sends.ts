/**
 * Sending as JSON: queue a message (sent after the undo window), follow
 * it, and undo it while it waits.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { cancelSend, queueSend, sendState } from "../../../../mail/send/queue-send.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { NewSendSchema, sendErrors, SendIdParamSchema, SendStateSchema, sendStateJson } from "./sends-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TAGS = ["Sending"];

const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(c.req.header("content-type") ?? "")) throw new AppError("BAD_REQUEST", "send the body as application/json");
  await next();
};

const create = createRoute({
  method: "post",
  path: "/api/v1/sends",
  operationId: "createSend",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Queues a message; it is sent when `undoUntil` has passed",
  description:
    "Refusals: 404 for an account, replied or forwarded message that is not yours; 409 `no_smtp` (no outgoing server); 400 `bad_address` (an address " +
    "that does not parse, or no recipient); 413 `too_large`; 429 `rate_limited` (too many recipients in the last hour or day, or in one message). " +
    "The error message starts with the reason code.",
  middleware: [requireJsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: NewSendSchema } } } },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: SendStateSchema } } },
    400: errorSpec("Invalid body or an address that does not parse"),
    ...sendErrors,
    409: errorSpec("The account has no outgoing server"),
    413: errorSpec("The message is over the size limit"),
    429: errorSpec("Over the sending rate limit"),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sends/{sendId}",
  operationId: "getSend",
  security: API_SECURITY,
  tags: TAGS,
  summary: "The state of a send",
  request: { params: SendIdParamSchema },
  responses: { 200: { description: "The send", content: { "application/json": { schema: SendStateSchema } } }, ...sendErrors },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/sends/{sendId}",
  operationId: "cancelSend",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Undo: stops a send that has not started yet",
  request: { params: SendIdParamSchema },
  responses: {
    204: { description: "Stopped; nothing was sent" },
    ...sendErrors,
    409: { description: "Too late: the send started, ended or was already cancelled; the body is its state", content: { "application/json": { schema: SendStateSchema } } },
  },
});

const REFUSALS = {
  no_smtp: ["CONFLICT", "no_smtp: the account has no outgoing server (SMTP) settings"],
  rate_limited: ["RATE_LIMITED", "rate_limited: too many recipients in a short time; try again later"],
  too_large: ["PAYLOAD_TOO_LARGE", "too_large: the message is over the size limit"],
  bad_address: ["BAD_REQUEST", "bad_address: an address does not parse, or there is no recipient"],
  not_found: ["NOT_FOUND", "not_found: no such account or message of yours"],
} as const;

export function registerSendsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(create, async (c) => {
    const user = actingUser(c);
    const { attachments, ...body } = c.req.valid("json");
    const result = await queueSend(services, user.id, await requestDataKey(c, services), {
      ...body,
      attachments: attachments?.map((attachment) => ({ filename: attachment.filename, contentType: attachment.contentType, content: Buffer.from(attachment.contentBase64, "base64") })),
    });
    if (!result.ok) {
      const [code, message] = REFUSALS[result.reason];
      throw new AppError(code, message);
    }
    c.get("log").info("send queued", { userId: user.id, sendId: result.sendId });
    const state = await sendState(sql, user.id, result.sendId);
    c.header("Location", `/api/v1/sends/${result.sendId}`);
    return c.json(sendStateJson(state!), 202);
  });

  app.openapi(get, async (c) => {
    const state = await sendState(sql, actingUser(c).id, c.req.valid("param").sendId);
    if (!state) throw new AppError("NOT_FOUND", "no such send");
    return c.json(sendStateJson(state), 200);
  });

  app.openapi(remove, async (c) => {
    const userId = actingUser(c).id;
    const { sendId } = c.req.valid("param");
    if (await cancelSend(sql, userId, sendId)) {
      c.get("log").info("send cancelled", { userId, sendId });
      return c.body(null, 204);
    }
    const state = await sendState(sql, userId, sendId);
    if (!state) throw new AppError("NOT_FOUND", "no such send");
    return c.json(sendStateJson(state), 409);
  });
}
