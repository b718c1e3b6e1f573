import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../../env.ts";
import { BULK_NOTICE_PARAMS } from "./bulk-notice.ts";
import { renderMessageList } from "./render.tsx";

/** GET /messages: the acting user's mail, filtered, searched and sorted; 50 a page. The outcome of the last action (after a redirect without JavaScript) comes in the query. */
export function registerMessageListPage(app: Hono<AppEnv>, services: Services) {
  app.get("/messages", async (c) => {
    const raw = c.req.query();
    const notice: Record<string, string | undefined> = {};
    for (const name of BULK_NOTICE_PARAMS) {
      notice[name] = raw[name];
      delete raw[name];
    }
    return renderMessageList(c, services, raw, notice);
  });
}
