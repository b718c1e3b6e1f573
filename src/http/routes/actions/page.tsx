import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../i18n/messages.ts";
import { recentActions } from "../../../inbox/recent-actions.ts";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { RecentActionsPage } from "../../../../views/actions/recent-actions.tsx";

const NOTICES = { restored: "actions.notice.undone", notundoable: "actions.notice.notUndoable" } as const;

/** GET /actions: the acting user's recent actions (src/inbox/recent-actions.ts), newest first, with their subjects decrypted. */
export function registerRecentActions(app: Hono<AppEnv>, services: Services) {
  app.get("/actions", async (c) => {
    const userId = actingUser(c).id;
    const actions = await recentActions(services.sql, await requestDataKey(c, services), userId);
    const timeZone = pageContext(c).timeZone;
    const noticeKey = NOTICES[c.req.query("notice") as keyof typeof NOTICES];
    c.header("Cache-Control", "no-store");
    return c.html(<RecentActionsPage page={pageContext(c)} actions={actions} timeZone={timeZone} notice={noticeKey ? translator(c.get("lang"))(noticeKey) : undefined} />);
  });
}
