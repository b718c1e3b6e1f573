import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { isUuid } from "../../../../ids.ts";
import { threadConversation } from "../../../../inbox/thread-conversation.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { decodeCursor } from "../../../thread-cursor.ts";
import { ThreadSchema, threadJson } from "./threads-schemas.ts";

const get = createRoute({
  method: "get",
  path: "/api/v1/threads/{threadId}",
  operationId: "getThread",
  security: API_SECURITY,
  tags: ["Threads"],
  summary: "A conversation: its messages, oldest first, each with its text",
  description: "Keyset pagination: follow `next` (as `after`). A message's `threadId` (GET /api/v1/messages/{messageId}) names its conversation.",
  request: {
    params: z.object({ threadId: z.string().openapi({ param: { name: "threadId", in: "path" } }) }),
    query: z.object({
      after: z
        .string()
        .optional()
        .openapi({ param: { name: "after", in: "query" }, description: "The `next` cursor of the page before" }),
    }),
  },
  responses: {
    200: { description: "One page of the conversation", content: { "application/json": { schema: ThreadSchema } } },
    400: errorSpec("A cursor this server did not make"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such conversation of yours"),
  },
});

export function registerThreadApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(get, async (c) => {
    const { threadId } = c.req.valid("param");
    if (!isUuid(threadId)) throw new AppError("NOT_FOUND", "no such conversation");
    const after = decodeCursor(c.req.valid("query").after);
    const conversation = await threadConversation(services.sql, actingUser(c).id, threadId, after, () => requestDataKey(c, services));
    if (!conversation) throw new AppError("NOT_FOUND", "no such conversation");
    c.header("Cache-Control", "no-store");
    return c.json(threadJson(threadId, conversation), 200);
  });
}
