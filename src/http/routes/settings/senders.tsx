/**
 * GET /settings/senders: what the analyser learned about the user's senders
 * (src/analysis/sender-patterns.ts), most corrected and most frequent first;
 * the user's VIP senders (src/senders/vip.ts) are marked.
 */
import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { listSenderPatterns } from "../../../analysis/sender-patterns.ts";
import { listVipSenders } from "../../../senders/vip.ts";
import { SendersPage } from "../../../../views/settings/senders-page.tsx";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

export function registerSenderStatistics(app: Hono<AppEnv>, services: Services) {
  app.get("/settings/senders", async (c) => {
    const [dataKey, userId] = [await requestDataKey(c, services), actingUser(c).id];
    const [patterns, vipSenders] = await Promise.all([listSenderPatterns(services.sql, dataKey, userId), listVipSenders(services.sql, dataKey, userId)]);
    c.header("Cache-Control", "no-store");
    return c.html(<SendersPage page={pageContext(c)} patterns={patterns} vipSenders={vipSenders} />);
  });
}
