/** Who is on the other end of a request: address (for throttling and the session list) and browser. */
import type { Context } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { SessionContext } from "../auth/sessions.ts";
import type { Config } from "../config.ts";

/**
 * The client's address. Behind a reverse proxy (TRUST_PROXY=true) it is the
 * last X-Forwarded-For entry, the one our proxy added; earlier entries are
 * whatever the client claimed and cannot be trusted.
 */
export function clientAddress(c: Context, config: Config): string {
  if (config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // in-process requests (tests) have no socket
  }
}

export function clientContext(c: Context, config: Config): SessionContext {
  return { clientAddress: clientAddress(c, config), userAgent: c.req.header("user-agent") ?? "" };
}
