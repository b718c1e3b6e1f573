import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { StatusFragment } from "../../../../views/dashboard/status.tsx";
import type { AppEnv } from "../../env.ts";
import { checkReadiness } from "../../../ops/readiness.ts";
import { pageContext } from "../../page.ts";

/** The readiness checks as an HTML fragment, polled by the start page. */
export function registerStatusFragment(app: Hono<AppEnv>, { sql }: Services) {
  app.get("/status", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(<StatusFragment lang={c.get("lang")} timeZone={pageContext(c).timeZone} report={await checkReadiness(sql)} />);
  });
}
