/** JSON: GET /api/v1/actions, the /actions page's journal (the user's recent actions), keyset-paged. */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { recentActionsPage } from "../../../../inbox/recent-actions.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { decodeCursor, encodeCursor } from "../../../thread-cursor.ts";
import { PageQuerySchema } from "./page-query.ts";
import { ActionSchema } from "./message-actions.ts";

export const RecentActionSchema = ActionSchema.extend({
  subject: z.string().nullable().openapi({ description: "The message's subject; null without a message or when it has none" }),
  undone: z.boolean().openapi({ description: "An undo already put it back" }),
  byUndo: z.boolean().openapi({ description: "Asked for by an undo rather than by you directly" }),
  undoable: z.boolean().openapi({ description: "POST /api/v1/actions/{actionId}/undo can put it back" }),
}).openapi("RecentAction");

export const RecentActionListSchema = z
  .object({
    actions: z.array(RecentActionSchema).openapi({ description: "Newest first, 50 a page" }),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next (older) page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the previous (newer) page; null on the first" }),
  })
  .openapi("RecentActionList");

const list = createRoute({
  method: "get",
  path: "/api/v1/actions",
  operationId: "listMessageActions",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Your recent message actions, newest first, with their state and whether they can be undone",
  description: "Keyset pagination: follow `next` as `after` and `previous` as `before`.",
  request: {
    query: PageQuerySchema,
  },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: RecentActionListSchema } } },
    400: errorSpec("A cursor this server did not make, or both `after` and `before`"),
    401: errorSpec("Not signed in"),
  },
});

export function registerActionListApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const query = c.req.valid("query");
    if (query.after && query.before) throw new AppError("BAD_REQUEST", "after and before: give one of them");
    const after = decodeCursor(query.after);
    const before = decodeCursor(query.before);
    const { actions, more } = await recentActionsPage(services.sql, await requestDataKey(c, services), actingUser(c).id, before ?? after, before !== undefined);
    const hasNext = before ? actions.length > 0 : more;
    const hasPrevious = before ? more : after !== undefined && actions.length > 0;
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        actions: actions.map((action) => ({
          id: action.id,
          messageId: action.messageId,
          action: action.action,
          state: action.state,
          error: action.error,
          createdAt: action.createdAt.toISOString(),
          finishedAt: action.finishedAt?.toISOString() ?? null,
          subject: action.subject,
          undone: action.undone,
          byUndo: action.byUndo,
          undoable: action.undoable,
        })),
        next: hasNext ? encodeCursor(actions.at(-1)!.cursor) : null,
        previous: hasPrevious ? encodeCursor(actions[0]!.cursor) : null,
      },
      200,
    );
  });
}
