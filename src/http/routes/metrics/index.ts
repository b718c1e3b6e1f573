/**
 * GET /metrics: Prometheus' text format, for a scraper. Public as far as
 * sessions go (a scraper has none), guarded by its own rule instead
 * (src/metrics/access.ts): 404 while off, 403 from elsewhere when loopback
 * only, 401 without the token. The Host check still applies: with
 * loopback-only and no token, a rebound name in a browser on the server
 * must not read it.
 */
import type { Services } from "../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { IncomingMessage } from "node:http";
import { decideMetricsAccess } from "../../../metrics/access.ts";
import { scrapeMetrics } from "../../../metrics/scrape.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";

export const METRICS_PATH = "/metrics";

const route = createRoute({
  method: "get",
  path: METRICS_PATH,
  operationId: "getMetrics",
  security: [],
  tags: ["Operations"],
  summary: "Prometheus metrics of this process",
  description:
    "Off unless METRICS_TOKEN or METRICS_LOOPBACK_ONLY is set (404). With a token, send `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); with loopback only, connect from 127.0.0.1 or ::1 (403 otherwise). Each process (web, worker) answers for itself.",
  responses: {
    200: { description: "The metrics in Prometheus text format 0.0.4", content: { "text/plain": { schema: z.string() } } },
    401: { description: "No or wrong bearer token" },
    403: { description: "Loopback only, and the request came from elsewhere" },
    404: { description: "Metrics are off" },
  },
});

/** The address of the connection's other end, as @hono/node-server hands over the socket; undefined in-process (app.request). */
function peerAddress(c: Context): string | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;
}

export function registerMetrics(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(route, async (c) => {
    const access = decideMetricsAccess(services.config, { authorization: c.req.header("authorization"), peerAddress: peerAddress(c) });
    // This path skips the session lookup, so the signed-in no-store policy does not reach it: every answer says it itself.
    const noStore = { "Cache-Control": "no-store" };
    // The same answer as for any unknown path: an instance with metrics off does not say it has them.
    if (access === "off") throw new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`, noStore);
    if (access === "forbidden") throw new AppError("FORBIDDEN", "metrics are served to loopback connections only", noStore);
    if (access === "unauthorized") throw new AppError("UNAUTHORIZED", "a bearer token is required", { ...noStore, "WWW-Authenticate": 'Bearer realm="metrics"' });
    const scrape = await scrapeMetrics({ ...services, log: c.get("log") ?? services.log });
    c.header("Cache-Control", "no-store");
    return c.body(scrape.body, 200, { "Content-Type": scrape.contentType });
  });
}
