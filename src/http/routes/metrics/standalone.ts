/**
 * /metrics on a port of its own (METRICS_PORT): how a `worker` process,
 * which serves no web app, is scraped; a web process may use it too, to
 * keep scrapes off the public port. The same route, access rule and Host
 * check as in the web app, and nothing else on that port.
 */
import type { Services } from "../../../services.ts";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { DEFAULT_LANG } from "../../../i18n/messages.ts";
import { MAX_REQUEST_ID_LENGTH } from "../../../limits.ts";
import { serve, ServeError, type RunningServer } from "../../../server.ts";
import type { AppEnv } from "../../env.ts";
import { errorResponse, handleError } from "../../errors.ts";
import { allowedHosts } from "../../middleware/host.ts";
import { httpMetrics } from "../../middleware/metrics.ts";
import { registerMetrics } from "./index.ts";

export function createMetricsApp(services: Services): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId({ limitLength: MAX_REQUEST_ID_LENGTH }));
  app.use(async (c, next) => {
    c.set("log", services.log);
    c.set("lang", DEFAULT_LANG);
    await next();
  });
  app.use(httpMetrics());
  app.use(allowedHosts(services.config));
  registerMetrics(app, services);
  app.notFound((c) => errorResponse(c, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
  app.onError(handleError);
  return app;
}

/**
 * @example
 *   if (config.METRICS_PORT) metrics = await serveMetrics({ sql, config, log, keyring }); // … await metrics.stop()
 */
export async function serveMetrics(services: Services): Promise<RunningServer> {
  try {
    return await serve(createMetricsApp(services), { ...services.config, PORT: services.config.METRICS_PORT });
  } catch (error) {
    // serve() names the variable it was given the port as; here that is METRICS_PORT.
    if (error instanceof ServeError) throw new ServeError(error.message.replace(/^PORT /, "METRICS_PORT "));
    throw error;
  }
}
