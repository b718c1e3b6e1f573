import type { Services } from "../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { errorSpec } from "../../errors.ts";
import { checkReadiness } from "../../../ops/readiness.ts";

const CheckSchema = z.object({ ok: z.boolean(), detail: z.string() });
export const ReadyzResponseSchema = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({ database: CheckSchema, migrations: CheckSchema, worker: CheckSchema }),
  })
  .openapi("Readiness");
export type ReadyzResponse = z.infer<typeof ReadyzResponseSchema>;

const route = createRoute({
  method: "get",
  path: "/readyz",
  operationId: "getReadiness",
  security: [],
  tags: ["Operations"],
  summary: "Readiness: database reachable, schema current, a worker alive",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: ReadyzResponseSchema } } },
    421: errorSpec("A Host name this server is not configured for (ALLOWED_HOSTS)"),
    503: { description: "Not ready; `checks` says why", content: { "application/json": { schema: ReadyzResponseSchema } } },
  },
});

export function registerReadyz(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  app.openapi(route, async (c) => {
    const report = await checkReadiness(sql);
    c.header("Cache-Control", "no-store");
    return report.ready ? c.json({ status: "ready" as const, checks: report.checks }, 200) : c.json({ status: "not_ready" as const, checks: report.checks }, 503);
  });
}
