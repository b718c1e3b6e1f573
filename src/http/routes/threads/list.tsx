import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { decodeCursor, encodeCursor } from "../../thread-cursor.ts";
import { distinctPeople, personName, readHeaders } from "../../../inbox/thread-headers.ts";
import { listThreads } from "../../../inbox/threads.ts";
import { ThreadsPage } from "../../../../views/threads/list-page.tsx";

/** The acting user's conversations, a page at a time (`?before=<cursor>`), with subject and participants decrypted. */
export function registerThreadList(app: Hono<AppEnv>, services: Services) {
  app.get("/threads", async (c) => {
    const userId = actingUser(c).id;
    const before = decodeCursor(c.req.query("before"));
    const [{ threads, more }, dataKey] = await Promise.all([listThreads(services.sql, userId, before), requestDataKey(c, services)]);
    const rows = threads.map(({ recent, ...thread }) => {
      const headers = recent.map((message) => readHeaders(dataKey, userId, message));
      return {
        ...thread,
        // The latest message's subject names the conversation as it stands now.
        subject: headers[0]?.subject ?? null,
        participants: distinctPeople(headers.flatMap((entry) => entry.from)).map(personName),
      };
    });
    c.header("Cache-Control", "no-store");
    return c.html(<ThreadsPage page={pageContext(c)} threads={rows} next={more ? encodeCursor(threads.at(-1)!.cursor) : undefined} first={!before} />);
  });
}
