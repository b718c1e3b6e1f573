import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppServices } from "../../env.ts";
import { registerHealthz } from "./healthz.ts";
import { registerReadyz } from "./readyz.ts";

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, services: AppServices) {
  registerHealthz(app);
  registerReadyz(app, services);
}
