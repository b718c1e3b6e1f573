/**
 * `Authorization: Bearer mh_…` on /api/v1: a personal API token
 * (src/auth/api-tokens.ts) sets the acting user as a session would. Pages
 * ignore the header; a request that carries both a session cookie and a token
 * is the token's alone (the session is not even loaded, and no CSRF check is
 * needed: nothing ambient authenticates it).
 *
 * In order: the token is looked up and counted (401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` if it is unknown, revoked,
 * expired or its user disabled), the rate limit applies (429), then the one
 * scope rule (src/auth/api-token-scopes.ts) decides whether the token may do
 * this at all (403 FORBIDDEN naming the scope). Every answer to a token
 * carries the RateLimit headers and `Cache-Control: no-store`.
 */
import type { Services } from "../../services.ts";
import type { Context, MiddlewareHandler } from "hono";
import { requiredScope } from "../../auth/api-token-scopes.ts";
import { looksLikeApiToken, useApiToken } from "../../auth/api-tokens.ts";
import type { AppEnv } from "../env.ts";
import { errorResponse } from "../errors.ts";
import { tokenRateLimit, TOKEN_RATE_WINDOW_S } from "./rate-limit.ts";

const API_PATH = /^\/api\/v1(\/|$)/;
const BEARER = /^Bearer +(\S+) *$/i;

/** The secret of a bearer token the request carries to /api/v1, if any; other schemes and other paths are not ours. */
export function bearerSecret(c: Context): string | undefined {
  if (!API_PATH.test(c.req.path)) return undefined;
  const match = BEARER.exec(c.req.header("authorization") ?? "");
  return match?.[1];
}

function invalidToken(c: Context<AppEnv>, description: string) {
  return errorResponse(c, "UNAUTHORIZED", description, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
}

export function bearerToken({ sql, config }: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = bearerSecret(c);
    if (secret === undefined) return next();
    // Never logged or echoed: the message names no part of it.
    const token = looksLikeApiToken(secret) ? await useApiToken(sql, secret, TOKEN_RATE_WINDOW_S) : undefined;
    if (!token) return invalidToken(c, "the API token is unknown, revoked or expired");
    c.set("apiToken", token);
    c.set("user", token.user);

    const rate = tokenRateLimit(token, config.RATE_LIMIT_TOKEN_PER_MIN);
    const noStore = { "Cache-Control": "no-store" };
    if (!rate.allowed) return errorResponse(c, "RATE_LIMITED", `over ${config.RATE_LIMIT_TOKEN_PER_MIN} requests a minute for this token`, { ...rate.headers, ...noStore });

    const scope = requiredScope(c.req.method, c.req.path);
    if (scope === "session") {
      return errorResponse(c, "FORBIDDEN", "API tokens cannot do this: sign in with a browser session", { ...rate.headers, ...noStore });
    }
    if (!token.scopes.includes(scope)) {
      return errorResponse(c, "FORBIDDEN", `this API token lacks the scope "${scope}"`, { ...rate.headers, ...noStore });
    }
    // Like /admin for a session: a token of someone who is no longer an administrator finds nothing there.
    if (scope === "admin" && token.user.role !== "admin") return errorResponse(c, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`, { ...rate.headers, ...noStore });

    await next();
    for (const [name, value] of Object.entries(rate.headers)) c.res.headers.set(name, value);
    if (!c.res.headers.has("cache-control")) c.res.headers.set("Cache-Control", "no-store");
  };
}
