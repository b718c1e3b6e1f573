import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

/**
 * What the server says to a signed-in user is theirs alone: no browser cache
 * (the back button on a shared computer after sign-out) and no proxy in
 * front may keep it. Every response to a request that carries a session,
 * at any stage, or that sets a cookie (sign-in) gets `Cache-Control:
 * no-store`, unless its handler chose a policy itself. Static assets and
 * health checks never load a session (middleware/auth.ts), so they keep their
 * caching.
 *
 * @example
 *   app.use(noStoreForSignedIn()); // GET /accounts with a session -> Cache-Control: no-store
 */
export function noStoreForSignedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.headers.has("cache-control")) return;
    if (c.get("session") || c.res.headers.has("set-cookie")) c.res.headers.set("Cache-Control", "no-store");
  };
}
