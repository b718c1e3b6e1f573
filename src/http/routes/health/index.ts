import type { Services } from "../../../services.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { registerHealthz } from "./healthz.ts";
import { registerReadyz } from "./readyz.ts";

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  registerHealthz(app);
  registerReadyz(app, services);
}
