/** The audit log for administrators, as /admin/audit shows it: newest first, in keyset pages, by kind of event or by user. Anyone else gets 404. */
import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { auditPage } from "../../../../auth/admin-lists.ts";
import { ADMIN_LIST_PAGE_SIZE } from "../../../../auth/keyset-page.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { guardAdminPaths } from "./admin-guard.ts";
import { AuditEventListSchema, auditEventJson, AuditQuerySchema } from "./admin-audit-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ADMIN_TAGS, readPage } from "./admin-schemas.ts";

const list = createRoute({
  tags: ADMIN_TAGS,
  security: API_SECURITY,
  method: "get",
  path: "/api/v1/admin/audit-events",
  operationId: "listAuditEvents",
  summary: "The audit log: security events, newest first, 50 a page",
  description: "Keyset pagination: follow `next` (as `after`) and `previous` (as `before`) with the same filters.",
  request: { query: AuditQuerySchema },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: AuditEventListSchema } } },
    400: errorSpec("A malformed cursor, event or user id"),
    401: errorSpec("Not signed in"),
    404: errorSpec("You are not an administrator"),
  },
});

export function registerAdminAuditApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  guardAdminPaths(app, "/api/v1/admin/audit-events");

  app.openapi(list, async (c) => {
    const { event, userId, ...cursors } = c.req.valid("query");
    const page = await readPage(cursors, (position) => auditPage(sql, { event, userId }, position, ADMIN_LIST_PAGE_SIZE));
    c.header("Cache-Control", "no-store");
    return c.json({ events: page.rows.map(auditEventJson), next: page.next, previous: page.previous }, 200);
  });
}
