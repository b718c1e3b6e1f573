import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { AdminStatusPage } from "../../../../views/admin/status.tsx";
import { STATUS_FRAGMENT_PATH, StatusFragment } from "../../../../views/dashboard/status.tsx";
import type { AppEnv } from "../../env.ts";
import { checkReadiness } from "../../../ops/readiness.ts";
import { pageContext } from "../../page.ts";

/**
 * The readiness checks for administrators (the guard already answered 404 to
 * anyone else): a page, and the fragment its card and the dashboard's card
 * poll. Anyone may still ask /readyz, which says only ready or not and why
 * in English, for load balancers and monitoring.
 */
export function registerAdminStatus(app: Hono<AppEnv>, { sql }: Services) {
  app.get("/admin/status", async (c) => c.html(<AdminStatusPage page={pageContext(c)} report={await checkReadiness(sql)} />));

  app.get(STATUS_FRAGMENT_PATH, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(<StatusFragment lang={c.get("lang")} timeZone={pageContext(c).timeZone} report={await checkReadiness(sql)} />);
  });
}
