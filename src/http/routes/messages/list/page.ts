import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../../i18n/messages.ts";
import type { AppEnv } from "../../../env.ts";
import { BULK_NOTICE_PARAMS, bulkNotice } from "./bulk-notice.ts";
import { renderMessageList } from "./render.tsx";

/** GET /messages: the acting user's mail, filtered, searched and sorted; 50 a page. */
export function registerMessageListPage(app: Hono<AppEnv>, services: Services) {
  app.get("/messages", async (c) => {
    const raw = c.req.query();
    const notice = bulkNotice(translator(c.get("lang")), raw);
    for (const name of BULK_NOTICE_PARAMS) delete raw[name];
    return renderMessageList(c, services, raw, notice);
  });
}
