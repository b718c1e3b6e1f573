import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { isUuid } from "../../../ids.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { decodeCursor, encodeCursor } from "../../thread-cursor.ts";
import { personName } from "../../../inbox/thread-headers.ts";
import { threadConversation } from "../../../inbox/thread-conversation.ts";
import { ThreadPage } from "../../../../views/threads/thread-page.tsx";

/** One conversation of the acting user's, every message with its text; another user's thread id answers 404 like one that does not exist. */
export function registerThreadPage(app: Hono<AppEnv>, services: Services) {
  app.get("/threads/:threadId", async (c) => {
    const userId = actingUser(c).id;
    const threadId = c.req.param("threadId");
    if (!isUuid(threadId)) throw new AppError("NOT_FOUND", "no such conversation");
    const after = decodeCursor(c.req.query("after"));
    const conversation = await threadConversation(services.sql, userId, threadId, after, () => requestDataKey(c, services));
    if (!conversation) throw new AppError("NOT_FOUND", "no such conversation");
    const rows = conversation.messages.map(({ headers, ...message }) => ({
      ...message,
      subject: headers.subject || null,
      from: headers.from.map(personName),
      to: headers.to,
    }));
    c.header("Cache-Control", "no-store");
    return c.html(
      <ThreadPage
        page={pageContext(c)}
        threadId={threadId}
        subject={rows[0]!.subject}
        messages={rows}
        next={conversation.more ? encodeCursor(conversation.messages.at(-1)!.cursor) : undefined}
        first={!after}
      />,
    );
  });
}
