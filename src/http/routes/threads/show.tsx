import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { isUuid } from "../../../ids.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { personName, readHeaders } from "./headers.ts";
import { threadMessages } from "../../../inbox/threads.ts";
import { ThreadPage } from "../../../../views/threads/thread-page.tsx";

/** One conversation of the acting user's; another user's thread id answers 404 like one that does not exist. */
export function registerThreadPage(app: Hono<AppEnv>, services: Services) {
  app.get("/threads/:threadId", async (c) => {
    const userId = actingUser(c).id;
    const threadId = c.req.param("threadId");
    if (!isUuid(threadId)) throw new AppError("NOT_FOUND", "no such conversation");
    const after = decodeCursor(c.req.query("after"));
    const [{ messages, more }, dataKey] = await Promise.all([threadMessages(services.sql, userId, threadId, after), requestDataKey(c, services)]);
    if (messages.length === 0) throw new AppError("NOT_FOUND", "no such conversation");
    const rows = messages.map(({ summary, legacy, ...message }) => {
      const headers = readHeaders(dataKey, userId, { id: message.id, summary, legacy });
      return { ...message, subject: headers.subject, from: headers.from.map(personName) };
    });
    c.header("Cache-Control", "no-store");
    return c.html(<ThreadPage page={pageContext(c)} threadId={threadId} subject={rows[0]!.subject} messages={rows} next={more ? encodeCursor(messages.at(-1)!.cursor) : undefined} first={!after} />);
  });
}
