import type { Context } from "hono";
import type { PageContext } from "../../views/page.ts";
import { SERVER_TIME_ZONE } from "../time-zone.ts";
import type { AppEnv } from "./env.ts";

/** The page context of a request: language, time zone, CSP nonce, path, and the user once fully signed in. */
export function pageContext(c: Context<AppEnv>): PageContext {
  const user = c.get("session")?.stage === "full" ? c.get("user") : undefined;
  return {
    lang: c.get("lang"),
    timeZone: user?.timeZone ?? SERVER_TIME_ZONE,
    nonce: c.get("secureHeadersNonce"),
    path: c.req.path,
    returnTo: c.req.method === "GET" ? c.req.path + new URL(c.req.url).search : undefined,
    user: user && { email: user.email, displayName: user.displayName, role: user.role },
  };
}
