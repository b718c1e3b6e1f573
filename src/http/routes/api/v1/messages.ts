import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listAttachments } from "../../../../inbox/attachments.ts";
import { messageLocations } from "../../../../inbox/message-details.ts";
import { messageServerFlags } from "../../../../inbox/message-flags.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { ownMessage } from "../../../request.ts";
import { MessageIdParamSchema, messageJson, MessageSchema } from "./messages-schemas.ts";

const get = createRoute({
  method: "get",
  path: "/api/v1/messages/{messageId}",
  operationId: "getMessage",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "One message: headers, where it lives, flags and keywords, attachment list",
  description: "The text and the sanitised HTML are at GET …/body, an attachment's content at GET …/attachments/{attachmentId}. Reading it does not mark it read.",
  request: { params: MessageIdParamSchema },
  responses: {
    200: { description: "The message", content: { "application/json": { schema: MessageSchema } } },
    401: errorSpec("Not signed in, or a strict-mode session that lost its data key"),
    404: errorSpec("No such message of yours (another user's id answers the same)"),
  },
});

/** GET /api/v1/messages/{messageId}: what the message page shows around the body, as JSON. */
export function registerMessageApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(get, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    const [locations, flags, attachments] = await Promise.all([messageLocations(services.sql, message), messageServerFlags(services.sql, message), listAttachments(services.sql, message)]);
    c.header("Cache-Control", "no-store");
    return c.json(messageJson(message, locations.folders, flags, attachments), 200);
  });
}
