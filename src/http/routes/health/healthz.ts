import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { errorSpec } from "../../errors.ts";

export const HealthzResponseSchema = z.object({ status: z.literal("ok") }).openapi("Liveness");
export type HealthzResponse = z.infer<typeof HealthzResponseSchema>;

const route = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getLiveness",
  security: [],
  tags: ["Operations"],
  summary: "Liveness: the process is running",
  description: "Answers 200 as long as the process can serve HTTP. It does not touch the database; use /readyz for that.",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: HealthzResponseSchema } } },
    421: errorSpec("A Host name this server is not configured for (ALLOWED_HOSTS)"),
  },
});

export function registerHealthz(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) => c.json({ status: "ok" } as const, 200));
}
