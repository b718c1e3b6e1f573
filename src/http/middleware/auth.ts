/**
 * Sign-in state for every request, and the default: every route needs a
 * fully signed-in user unless it is listed as public here. A route added
 * later is therefore protected without doing anything; it gets the acting
 * user from `actingUser(c)` and scopes its queries by that user's id, so
 * another user's id finds nothing and answers 404.
 */
import type { Services } from "../../services.ts";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { DEVICE_COOKIE_MAX_AGE_S, deviceCookieKey, issueDeviceCookie } from "../../auth/device-cookie.ts";
import { TRUSTED_DEVICE_COOKIE, TRUSTED_DEVICE_DAYS } from "../../auth/trusted-devices.ts";
import { findSession } from "../../auth/sessions.ts";
import type { User } from "../../auth/users.ts";
import type { Config } from "../../config.ts";
import type { AppEnv, LiveSession } from "../env.ts";
import { AppError, errorResponse } from "../errors.ts";

/** Reachable without signing in. */
const PUBLIC_PATHS = [/^\/(healthz|readyz|language|metrics)$/, /^\/static\//, /^\/api\/(openapi\.json|docs)$/, /^\/(signin|signup|reset-password)$/];

/** Where a session that still lacks its second factor may go (and must go). */
const STAGE_PATHS = {
  second_factor: "/signin/second-factor",
  setup_second_factor: "/setup/second-factor",
} as const;
const ALWAYS_ALLOWED_WHILE_SIGNING_IN = ["/signout"];

function isHttps(config: Config): boolean {
  return config.tls !== undefined || config.publicUrl.startsWith("https:");
}

/** `__Host-` (Secure, no Domain, Path=/) when served over TLS; browsers refuse that prefix without Secure, so plain HTTP uses a plain name. */
export function sessionCookieName(config: Config): string {
  return isHttps(config) ? "__Host-mh_session" : "mh_session";
}

/**
 * Without `persistent` (the user did not choose "stay signed in") the cookie
 * has no Max-Age: it ends with the browser. The server's idle and absolute
 * timeouts apply either way.
 */
export function setSessionCookie(c: Context, config: Config, token: string, persistent: boolean): void {
  setCookie(c, sessionCookieName(config), token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(config),
    ...(persistent ? { maxAge: config.SESSION_ABSOLUTE_TIMEOUT_H * 3600 } : {}),
  });
}

/** A browser that completed a sign-in (src/auth/device-cookie.ts); kept when the session ends, so the browser stays known. */
function deviceCookieName(config: Config): string {
  return isHttps(config) ? "__Host-mh_device" : "mh_device";
}

/** After a complete sign-in (password and second factor): this browser is known to the user's throttle from now on. */
export function rememberDevice(c: Context, services: Services, userId: string): void {
  const value = issueDeviceCookie(deviceCookieKey(services), userId);
  setCookie(c, deviceCookieName(services.config), value, { path: "/", httpOnly: true, sameSite: "Lax", secure: isHttps(services.config), maxAge: DEVICE_COOKIE_MAX_AGE_S });
}

export function deviceCookie(c: Context, config: Config): string | undefined {
  return getCookie(c, deviceCookieName(config));
}

/** A browser the user chose to remember after the second factor (src/auth/trusted-devices.ts). */
function trustedDeviceCookieName(config: Config): string {
  return isHttps(config) ? `__Host-${TRUSTED_DEVICE_COOKIE}` : TRUSTED_DEVICE_COOKIE;
}

export function setTrustedDeviceCookie(c: Context, config: Config, token: string): void {
  setCookie(c, trustedDeviceCookieName(config), token, { path: "/", httpOnly: true, sameSite: "Lax", secure: isHttps(config), maxAge: TRUSTED_DEVICE_DAYS * 24 * 3600 });
}

export function trustedDeviceCookie(c: Context, config: Config): string | undefined {
  return getCookie(c, trustedDeviceCookieName(config));
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, sessionCookieName(config), { path: "/", secure: isHttps(config) });
}

/** Static files and health checks never need to know who asks; skipping them saves a query each. */
const NO_SESSION_PATHS = /^\/(static\/|healthz$|readyz$|metrics$)/;

/** Puts the session (any stage) and its user on the context, if the cookie names a live one. */
export function loadSession({ sql, config }: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A request with an API token is the token's alone (middleware/bearer-token.ts): its cookie is not looked at.
    if (NO_SESSION_PATHS.test(c.req.path) || c.get("apiToken")) return next();
    const token = getCookie(c, sessionCookieName(config));
    const found = token ? await findSession(sql, config, token) : undefined;
    if (found) {
      c.set("session", found.session);
      c.set("user", found.user);
    } else if (token) {
      clearSessionCookie(c, config);
    }
    await next();
  };
}

function wantsJson(c: Context): boolean {
  return c.req.path.startsWith("/api/") || !(c.req.header("accept") ?? "").includes("text/html");
}

/** Sends the browser to `path`: a redirect, or for htmx a client-side navigation. */
export function navigate(c: Context<AppEnv>, path: string): Response {
  if (c.req.header("hx-request") === "true") {
    c.header("HX-Redirect", path);
    return c.body(null, 204);
  }
  return c.redirect(path, 303);
}

function signInFirst(c: Context<AppEnv>): Response | Promise<Response> {
  if (wantsJson(c) && c.req.header("hx-request") !== "true") return errorResponse(c, "UNAUTHORIZED", "sign in first");
  const next = c.req.method === "GET" && c.req.path !== "/" ? `?next=${encodeURIComponent(c.req.path)}` : "";
  return navigate(c, `/signin${next}`);
}

/**
 * The guard: public paths pass; a half-signed-in session may only finish its
 * second factor; everything else needs a full session, and /admin an
 * administrator (anyone else gets 404, as if it did not exist).
 */
export function requireSignIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (PUBLIC_PATHS.some((pattern) => pattern.test(path))) return next();
    // Checked already: the token, its user and its scope for this request (only /api/v1 accepts one).
    if (c.get("apiToken")) return next();
    const session = c.get("session");
    if (!session) return signInFirst(c);
    if (session.stage !== "full") {
      const stagePath = STAGE_PATHS[session.stage];
      if (path === stagePath || ALWAYS_ALLOWED_WHILE_SIGNING_IN.includes(path)) return next();
      if (wantsJson(c) && c.req.header("hx-request") !== "true") return errorResponse(c, "UNAUTHORIZED", "finish signing in with the second factor");
      return navigate(c, stagePath);
    }
    if (Object.values(STAGE_PATHS).includes(path as never)) return navigate(c, "/");
    // A user migrated from KI-Mail-Helper chooses a new password before anything else (src/migrate-kimh/).
    if (c.get("user")?.passwordChangeRequired && path !== "/account/password" && !ALWAYS_ALLOWED_WHILE_SIGNING_IN.includes(path)) {
      if (wantsJson(c) && c.req.header("hx-request") !== "true") return errorResponse(c, "FORBIDDEN", "choose a new password first, at /account/password");
      return navigate(c, "/account/password");
    }
    if (path.startsWith("/admin") && c.get("user")?.role !== "admin") throw new AppError("NOT_FOUND", `no route for ${c.req.method} ${path}`);
    return next();
  };
}

/** The signed-in user of a route behind `requireSignIn`. */
export function actingUser(c: Context<AppEnv>): User {
  const user = c.get("user");
  if (!user) throw new AppError("UNAUTHORIZED", "sign in first");
  return user;
}

export function actingSession(c: Context<AppEnv>): LiveSession {
  const session = c.get("session");
  if (!session) throw new AppError("UNAUTHORIZED", "sign in first");
  return session;
}
