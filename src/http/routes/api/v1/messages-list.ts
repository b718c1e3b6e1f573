import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { loadList } from "../../../request.ts";
import { MessageListQuerySchema, messageListJson, MessageListSchema } from "./messages-list-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const list = createRoute({
  method: "get",
  path: "/api/v1/messages",
  operationId: "listMessages",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "One page of the signed-in user's messages: filtered, searched and sorted, 50 a page",
  description:
    "Keyset pagination: follow `next` (as `after`) and `previous` (as `before`) with the same filters and sort; a cursor from another sort is refused. " +
    "Orphaned messages (no copy left on the server) and messages only in Trash or Junk are left out, unless `folder` names that folder. " +
    "The search matches whole words (any spelling of umlauts: `müller`, `mueller` and `muller` find each other) against a blind index.",
  request: { query: MessageListQuerySchema },
  responses: {
    200: { description: "The page", content: { "application/json": { schema: MessageListSchema } } },
    400: errorSpec("A malformed parameter (named in the message)"),
    401: errorSpec("Not signed in"),
    404: errorSpec("An account, folder or tag that is not yours"),
  },
});

export function registerMessageListApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const { page, indexing } = await loadList(c, services, c.req.valid("query"));
    c.header("Cache-Control", "no-store");
    return c.json(messageListJson(page, indexing), 200);
  });
}
