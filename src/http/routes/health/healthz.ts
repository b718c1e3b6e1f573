import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";

export const HealthzResponseSchema = z.object({ status: z.literal("ok") }).openapi("Liveness");
export type HealthzResponse = z.infer<typeof HealthzResponseSchema>;

const route = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness: the process is running",
  description: "Answers 200 as long as the process can serve HTTP. It does not touch the database; use /readyz for that.",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: HealthzResponseSchema } } } },
});

export function registerHealthz(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) => c.json({ status: "ok" } as const, 200));
}
