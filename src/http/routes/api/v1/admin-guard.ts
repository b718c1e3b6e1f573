/**
 * /api/v1/admin/… is for administrators only, like the /admin pages: anyone
 * else gets 404, as if it did not exist, before the request is validated.
 * Each admin API file mounts the guard on its own paths, so it holds
 * whatever order the files are registered in.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";

const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (actingUser(c).role !== "admin") throw new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`);
  await next();
};

/** Guards `prefix` and everything under it. */
export function guardAdminPaths(app: OpenAPIHono<AppEnv>, prefix: `/api/v1/admin/${string}`) {
  app.use(prefix, adminOnly);
  app.use(`${prefix}/*`, adminOnly);
}
