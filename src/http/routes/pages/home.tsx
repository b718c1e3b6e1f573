import type { Hono } from "hono";
import type { AppEnv, AppServices } from "../../env.ts";
import { renderDashboard } from "../dashboard/page.tsx";

/** The start page: a signed-in user lands on the dashboard (signed out, the guard sends the browser to /signin first). */
export function registerHomePage(app: Hono<AppEnv>, services: AppServices) {
  app.get("/", (c) => renderDashboard(c, services));
}
