import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { messagePart } from "../../../../inbox/message.ts";
import { renderMessageHtml } from "../../../../inbox/message-html.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { ownMessage } from "../../../request.ts";
import { messageIdParam } from "./messages-schemas.ts";
import { remoteContentState } from "./remote-content-schemas.ts";

export const MessageBodySchema = z
  .object({
    text: z.string().nullable().openapi({ description: "The plain text (for HTML-only mail, converted from the HTML); null when there is none." }),
    html: z.string().nullable().openapi({
      description:
        "The HTML sanitised exactly as the message page's frame shows it (no script, no forms, no event handlers, `cid:` images embedded, remote images kept only when allowed); null when the message has no HTML. Never the raw HTML.",
    }),
    remoteContentAllowed: z.boolean().openapi({ description: "Remote images were kept: asked for once (`remote=1`), the sender is trusted, or a VIP." }),
    blockedRemoteImages: z.number().int().openapi({ description: "Remote images replaced by a placeholder." }),
    droppedTrackers: z.number().int().openapi({ description: "Tracking pixels dropped." }),
    truncated: z.boolean().openapi({ description: "The stored text or HTML was cut at its size limit." }),
  })
  .openapi("MessageBody");
export type MessageBodyJson = z.infer<typeof MessageBodySchema>;

const get = createRoute({
  method: "get",
  path: "/api/v1/messages/{messageId}/body",
  operationId: "getMessageBody",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "A message's text and its HTML, sanitised as the message page shows it",
  request: {
    params: z.object({ messageId: messageIdParam }),
    query: z.object({
      remote: z
        .enum(["1"])
        .optional()
        .openapi({ param: { name: "remote", in: "query" }, description: "`1` keeps remote (https) images this once, like the page's “load images” link; nothing is stored." }),
    }),
  },
  responses: {
    200: { description: "The body", content: { "application/json": { schema: MessageBodySchema } } },
    400: errorSpec("A malformed parameter"),
    401: errorSpec("Not signed in, or a strict-mode session that lost its data key"),
    404: errorSpec("No such message of yours"),
  },
});

export function registerMessageBodyApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(get, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const remote = await remoteContentState(services, message);
    const allowed = c.req.valid("query").remote === "1" || remote.senderTrusted || remote.vipSender;
    const [text, sanitized] = await Promise.all([messagePart(services.sql, message, "text"), message.hasHtml ? renderMessageHtml(services.sql, message, allowed) : undefined]);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        text,
        html: sanitized?.html ?? null,
        remoteContentAllowed: allowed,
        blockedRemoteImages: sanitized?.blockedRemote ?? 0,
        droppedTrackers: sanitized?.droppedTrackers ?? 0,
        truncated: message.truncated,
      } satisfies MessageBodyJson,
      200,
    );
  });
}
