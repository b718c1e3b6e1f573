/**
 * /tags/keywords: the IMAP keywords on the server per mailbox of the acting
 * user, their message counts and the tags they stand for
 * (src/tags/keyword-overview.ts). Read only; linked from /tags.
 */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { keywordOverview } from "../../../tags/keyword-overview.ts";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { KeywordsPage } from "../../../../views/tags/keywords-page.tsx";

export function registerKeywordsPage(app: Hono<AppEnv>, services: Services) {
  app.get("/tags/keywords", async (c) => {
    const accounts = await keywordOverview(services.sql, await requestDataKey(c, services), actingUser(c).id);
    c.header("Cache-Control", "no-store");
    return c.html(<KeywordsPage page={pageContext(c)} accounts={accounts} />);
  });
}
