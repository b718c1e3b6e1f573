/**
 * The signed-in home (GET /): the dashboard for `?account=&done=`. An htmx
 * request from the selector gets the panel alone; everything else the whole
 * page. Signed out, the guard sends the browser to /signin first.
 */
import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, ownAccountOf, requestDataKey } from "../../request.ts";
import { namedSwitchNotices } from "../rules/precision.tsx";
import { readDashboard } from "../../../inbox/dashboard.ts";
import { parseDashboardQuery } from "../../dashboard-filter.ts";
import { DashboardPage, DashboardPanel } from "../../../../views/dashboard/dashboard-page.tsx";

/** Only the selector's swaps get the fragment; a history restore (back button) needs the whole page. */
function wantsPanel(c: Context<AppEnv>): boolean {
  return isHtmx(c) && c.req.header("hx-target") === "dashboard" && c.req.header("hx-history-restore-request") !== "true";
}

export function registerHomePage(app: Hono<AppEnv>, services: Services) {
  const { sql } = services;
  app.get("/", async (c) => {
    const userId = actingUser(c).id;
    const filter = parseDashboardQuery({ account: c.req.query("account"), done: c.req.query("done") });
    const { accounts, counts } = await readDashboard(sql, userId, filter);
    ownAccountOf(filter, accounts);
    c.header("Cache-Control", "no-store");
    c.header("Vary", "HX-Request, HX-Target");
    const props = { lang: c.get("lang"), counts, filter, accounts };
    if (wantsPanel(c)) return c.html(<DashboardPanel {...props} />);
    // Rules switched to suggest for want of precision: said where the user looks first.
    const ruleNotices = await namedSwitchNotices(sql, () => requestDataKey(c, services), userId);
    return c.html(<DashboardPage page={pageContext(c)} {...props} ruleNotices={ruleNotices} />);
  });
}
