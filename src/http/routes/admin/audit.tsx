import type { Hono } from "hono";
import { AuditPage, type AuditRow } from "../../../../views/admin/audit.tsx";
import type { AppEnv, AppServices } from "../../env.ts";
import { pageContext } from "../../page.ts";

const AUDIT_PAGE_SIZE = 200;

export function registerAdminAudit(app: Hono<AppEnv>, services: AppServices) {
  app.get("/admin/audit", async (c) => {
    const events = await services.sql<AuditRow[]>`
      select e.at, e.event, actor.email as actor, subject.email as subject, e.detail
      from audit_events e
      left join users actor on actor.id = e.actor_id
      left join users subject on subject.id = e.subject_id
      order by e.at desc limit ${AUDIT_PAGE_SIZE}`;
    return c.html(<AuditPage page={pageContext(c)} events={events} />);
  });
}
