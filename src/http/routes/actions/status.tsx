import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { recentActions } from "../../../inbox/recent-actions.ts";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { RecentActionsTable } from "../../../../views/actions/recent-actions.tsx";

/**
 * GET /actions/status: the recent actions table alone, for the page's htmx
 * polling while an action is pending (it stops polling itself once none is).
 * The acting user's entries only, like the page.
 */
export function registerRecentActionsStatus(app: Hono<AppEnv>, services: Services) {
  app.get("/actions/status", async (c) => {
    const actions = await recentActions(services.sql, await requestDataKey(c, services), actingUser(c).id);
    c.header("Cache-Control", "no-store");
    return c.html(<RecentActionsTable lang={c.get("lang")} actions={actions} timeZone={pageContext(c).timeZone} />);
  });
}
