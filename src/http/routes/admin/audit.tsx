import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { AuditPage } from "../../../../views/admin/audit.tsx";
import { recentAuditEvents } from "../../../auth/audit.ts";
import type { AppEnv } from "../../env.ts";
import { pageContext } from "../../page.ts";

export function registerAdminAudit(app: Hono<AppEnv>, services: Services) {
  app.get("/admin/audit", async (c) => {
    const events = await recentAuditEvents(services.sql);
    return c.html(<AuditPage page={pageContext(c)} events={events} />);
  });
}
