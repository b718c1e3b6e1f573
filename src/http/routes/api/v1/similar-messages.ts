import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { similarMessages } from "../../../../inbox/similar-messages.ts";
import { SIMILAR_MESSAGES } from "../../../../search/limits.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { ownMessage } from "../../../request.ts";
import { similarMessagesJson, SimilarMessagesSchema } from "./similar-messages-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const show = createRoute({
  method: "get",
  path: "/api/v1/messages/{messageId}/similar",
  operationId: "listSimilarMessages",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "The messages most like a message",
  description: `Up to ${SIMILAR_MESSAGES} of the user's other messages, best first: the same conversation, the same sender, then shared distinctive words (from the blind search index, computed locally; no provider sees anything). Spam, mail only in Trash or Junk, and mail on its way out are left out, as in the list.`,
  request: { params: z.object({ messageId: z.string().openapi({ param: { name: "messageId", in: "path" } }) }) },
  responses: {
    200: { description: "The similar messages", content: { "application/json": { schema: SimilarMessagesSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
  },
});

export function registerSimilarMessagesApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(show, async (c) => {
    const message = await ownMessage(c, services, c.req.valid("param").messageId);
    return c.json(similarMessagesJson(message.id, await similarMessages(services.sql, message.dataKey, message.userId, message.id)), 200);
  });
}
