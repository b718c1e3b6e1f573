/**
 * Counts every request by method, route pattern and status, and times it.
 * The route is Hono's matched pattern (`/messages/:id`), never the URL: a
 * URL holds ids and search words, and would make one series per message.
 * A request no route matched (404, 405) is "unmatched". Two counter updates
 * and a clock read per request; nothing awaited besides the request itself.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { httpRequestDuration, httpRequests } from "../../metrics/registry.ts";
import type { AppEnv } from "../env.ts";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The pattern of the route that answered, or would have if a middleware
 * (sign-in, CSRF) had let it: middleware is registered for method "ALL",
 * routes for their own.
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  const answering = routes[c.req.routeIndex];
  if (answering && answering.method !== "ALL") return answering.path;
  return routes.find((route) => route.method !== "ALL")?.path ?? "unmatched";
}

/**
 * @example
 *   app.use(httpMetrics()); // early: its time includes the other middleware
 */
export function httpMetrics(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
      const route = routePattern(c);
      httpRequests.inc({ method, route, status: String(c.res.status) });
      httpRequestDuration.observe({ method, route }, (performance.now() - started) / 1000);
    }
  };
}
