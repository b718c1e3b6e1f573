/**
 * The rate limit of personal API tokens: RATE_LIMIT_TOKEN_PER_MIN requests
 * per token in a window of a minute that starts with the token's first
 * request after the previous window ended. The count is kept in the token's
 * row and raised by the one atomic UPDATE that looks the token up
 * (src/auth/api-tokens.ts `useApiToken`), so it holds across processes and
 * under any concurrency.
 *
 * Every token response says where it stands, in the headers of the IETF
 * draft "RateLimit header fields for HTTP" (httpapi-ratelimit-headers):
 *
 * @example
 *   RateLimit-Policy: "default";q=600;w=60
 *   RateLimit: "default";r=599;t=60
 *   // over the limit: 429 RATE_LIMITED with Retry-After: <t>
 */
import type { TokenRequest } from "../../auth/api-tokens.ts";

/** The window is fixed at a minute: the setting is per minute. */
export const TOKEN_RATE_WINDOW_S = 60;

export interface RateLimitState {
  allowed: boolean;
  headers: Record<string, string>;
}

/** Whether this request is within the limit, and the headers that say so. */
export function tokenRateLimit(token: Pick<TokenRequest, "requestsInWindow" | "windowResetS">, limit: number): RateLimitState {
  const remaining = Math.max(0, limit - token.requestsInWindow);
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"default";q=${limit};w=${TOKEN_RATE_WINDOW_S}`,
    RateLimit: `"default";r=${remaining};t=${token.windowResetS}`,
  };
  const allowed = token.requestsInWindow <= limit;
  if (!allowed) headers["Retry-After"] = String(token.windowResetS);
  return { allowed, headers };
}
