import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../log.ts";
import type { AppEnv } from "../env.ts";

/**
 * Binds a logger with the request id to the context and logs one line per
 * request. The path only: query strings can hold search words, which are
 * private.
 */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestLog = log.child({ requestId: c.get("requestId") });
    c.set("log", requestLog);
    await next();
    const status = c.res.status;
    const line = { method: c.req.method, path: c.req.path, status, ms: Math.round((performance.now() - started) * 10) / 10 };
    if (status >= 500) requestLog.error("request", line);
    else if (c.req.path === "/healthz" || c.req.path === "/readyz" || c.req.path === "/metrics" || c.req.path === "/admin/status/check") requestLog.debug("request", line);
    else requestLog.info("request", line);
  };
}
