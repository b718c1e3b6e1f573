/** JSON: GET /api/v1/threads, the /threads page's list (conversations, newest activity first), keyset-paged. */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listThreads } from "../../../../inbox/threads.ts";
import { distinctPeople, readHeaders } from "../../../../inbox/thread-headers.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { decodeCursor, encodeCursor } from "../../../thread-cursor.ts";
import { PageQuerySchema } from "./page-query.ts";
import { MailAddressSchema } from "./messages-schemas.ts";

export const ThreadSummarySchema = z
  .object({
    threadId: z.string().uuid(),
    latestMessageId: z.string().uuid(),
    subject: z.string().nullable().openapi({ description: "The latest message's subject; null when it has none" }),
    participants: z.array(MailAddressSchema).openapi({ description: "Distinct senders of its latest few messages, newest first" }),
    activity: z.string().openapi({ format: "date-time", description: "When its latest message arrived" }),
    count: z.number().int(),
    unread: z.number().int(),
    trafficLight: z.enum(["red", "yellow", "green"]).nullable(),
  })
  .openapi("ThreadSummary");

export const ThreadListSchema = z
  .object({
    threads: z.array(ThreadSummarySchema).openapi({ description: "Newest activity first, 50 a page" }),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next (older) page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the previous (newer) page; null on the first" }),
  })
  .openapi("ThreadList");

const list = createRoute({
  method: "get",
  path: "/api/v1/threads",
  operationId: "listThreads",
  security: API_SECURITY,
  tags: ["Threads"],
  summary: "Your conversations, newest activity first",
  description: "Keyset pagination: follow `next` as `after` (the /threads page's `before`) and `previous` as `before`.",
  request: {
    query: PageQuerySchema,
  },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: ThreadListSchema } } },
    400: errorSpec("A cursor this server did not make, or both `after` and `before`"),
    401: errorSpec("Not signed in"),
  },
});

export function registerThreadListApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const userId = actingUser(c).id;
    const query = c.req.valid("query");
    if (query.after && query.before) throw new AppError("BAD_REQUEST", "after and before: give one of them");
    const after = decodeCursor(query.after);
    const before = decodeCursor(query.before);
    const [{ threads, more }, dataKey] = await Promise.all([listThreads(services.sql, userId, before ?? after, before !== undefined), requestDataKey(c, services)]);
    // Walking forward there is an older page when `more`, and a newer one whenever a cursor was given; walking back, the reverse.
    const hasNext = before ? threads.length > 0 : more;
    const hasPrevious = before ? more : after !== undefined && threads.length > 0;
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        threads: threads.map((thread) => {
          const headers = thread.recent.map((message) => readHeaders(dataKey, userId, message));
          return {
            threadId: thread.threadId,
            latestMessageId: thread.latestId,
            subject: headers[0]?.subject ?? null,
            participants: distinctPeople(headers.flatMap((entry) => entry.from)),
            activity: thread.activity.toISOString(),
            count: thread.count,
            unread: thread.unread,
            trafficLight: thread.light,
          };
        }),
        next: hasNext ? encodeCursor(threads.at(-1)!.cursor) : null,
        previous: hasPrevious ? encodeCursor(threads[0]!.cursor) : null,
      },
      200,
    );
  });
}
