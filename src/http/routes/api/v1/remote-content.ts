import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { setSenderTrusted } from "../../../../mail/render/remote-senders.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { ownMessage } from "../../../request.ts";
import { MessageIdParamSchema } from "./messages-schemas.ts";
import { RemoteContentChoiceSchema, remoteContentState, RemoteContentSenderSchema } from "./remote-content-schemas.ts";

const TAGS = ["Remote content"];
const PATH = "/api/v1/messages/{messageId}/remote-content-sender";
const DESCRIPTION = "Trusted senders are kept as keyed hashes of their address, so they can be checked and changed through one of their messages but never listed back.";

const get = createRoute({
  method: "get",
  path: PATH,
  operationId: "getRemoteContentSender",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Whether the message's sender may load remote images",
  description: DESCRIPTION,
  request: { params: MessageIdParamSchema },
  responses: {
    200: { description: "The sender's state", content: { "application/json": { schema: RemoteContentSenderSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

const put = createRoute({
  method: "put",
  path: PATH,
  operationId: "setRemoteContentSender",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Always (trusted: true) or no longer (false) load remote images of the message's sender",
  description: DESCRIPTION,
  request: { params: MessageIdParamSchema, body: { required: true, content: { "application/json": { schema: RemoteContentChoiceSchema } } } },
  responses: {
    200: { description: "The sender's new state", content: { "application/json": { schema: RemoteContentSenderSchema } } },
    400: errorSpec("`trusted` missing or not a boolean, or the message has no sender address"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

/** The message page's “always load remote content from this sender” choice, read and changed through one of the sender's messages. */
export function registerRemoteContentApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(get, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    return c.json(await remoteContentState(services, message), 200);
  });

  app.openapi(put, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const state = await remoteContentState(services, message);
    if (!state.sender) throw new AppError("BAD_REQUEST", "the message has no sender address");
    const { trusted } = c.req.valid("json");
    await setSenderTrusted(services.sql, message.dataKey, message.userId, state.sender, trusted);
    return c.json({ ...state, senderTrusted: trusted }, 200);
  });
}
