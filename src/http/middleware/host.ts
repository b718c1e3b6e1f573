/**
 * Only requests addressed to this app by a name it was configured with.
 *
 * DNS rebinding: a page on evil.example points its own name at 127.0.0.1
 * (or any address of this server) once it has loaded; its scripts then reach
 * this app as their own origin, so Origin and Host both say evil.example and
 * the CSRF check, which compares the two, passes (that is how a fresh install
 * got its first administrator from a web page). Which name the browser used is
 * visible only in Host, so an unknown name answers 421 Misdirected Request
 * before a session is read or anything is done.
 *
 * Accepted: the host of PUBLIC_URL, HOST, ALLOWED_HOSTS, `localhost` and
 * `*.localhost`, and any IP address. No DNS answer can move an IP address or a
 * loopback name elsewhere, and these are what a fresh install, an in-process
 * test and a proxy talking to its upstream use. The port is not compared:
 * rebinding works on names, and proxies differ in whether they pass it on.
 *
 * Host is checked, never X-Forwarded-Host (with TRUST_PROXY or without): the
 * app builds no URL from either, and a proxy in front either passes the
 * browser's Host (PUBLIC_URL's) or sends its upstream address.
 */
import type { MiddlewareHandler } from "hono";
import { isIP } from "node:net";
import type { Config } from "../../config.ts";
import type { AppEnv } from "../env.ts";
import { errorResponse } from "../errors.ts";

/**
 * Load balancers and orchestrators probe by whatever name they know the
 * instance under (a service name, a pod address). These two answers are
 * public, change nothing and say nothing about users, so reading them through
 * a rebound name gains an attacker nothing.
 */
const ANY_HOST_PATHS = new Set(["/healthz", "/readyz"]);

/** Lower case, without the trailing dot of a fully qualified name or the brackets of an IPv6 address. */
function normalizeHostname(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");
}

/** The host names this configuration answers to, besides IP addresses and localhost. */
export function configuredHostnames(config: Config): Set<string> {
  return new Set([new URL(config.publicUrl).hostname, config.HOST, ...config.ALLOWED_HOSTS].map(normalizeHostname));
}

export function isAllowedHostname(hostname: string, configured: Set<string>): boolean {
  const name = normalizeHostname(hostname);
  return configured.has(name) || isIP(name) !== 0 || name === "localhost" || name.endsWith(".localhost");
}

/**
 * @example
 *   app.use(allowedHosts(config)); // Host: evil.example -> 421 MISDIRECTED
 */
export function allowedHosts(config: Config): MiddlewareHandler<AppEnv> {
  const configured = configuredHostnames(config);
  return async (c, next) => {
    if (ANY_HOST_PATHS.has(c.req.path)) return next();
    const { hostname } = new URL(c.req.url);
    if (!isAllowedHostname(hostname, configured)) {
      return errorResponse(c, "MISDIRECTED", "unknown host name; an administrator can add it to ALLOWED_HOSTS");
    }
    await next();
  };
}
