import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { csrf } from "hono/csrf";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { Config } from "../../config.ts";
import type { AppEnv } from "../env.ts";

/**
 * Security headers. The CSP allows only our own files plus inline code that
 * carries this request's nonce; HSTS (one year) only when we serve TLS
 * ourselves, since over plain HTTP it would be ignored or, behind a proxy,
 * is the proxy's job.
 *
 * Frames: our pages may frame our own origin only (the message page frames
 * the sanitised mail body). A handler that sets a header itself keeps it
 * (`overwrite: false`): the mail body route answers with its own, stricter
 * CSP and may be framed by our pages.
 */
export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", NONCE],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: config.tls ? "max-age=31536000; includeSubDomains" : false,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
    overwrite: false,
  });
}

/**
 * Cross-site requests that change state are refused. The request's own
 * origin is allowed (reached by IP or name) and so is PUBLIC_URL (behind a
 * TLS proxy the request itself looks like plain HTTP).
 *
 * Hono's csrf checks only the content types a plain HTML form can send.
 * JSON and other bodies were left to the browser's CORS preflight alone;
 * they get the same check here: a browser sends Origin with every request
 * that is not GET or HEAD, so one from another site is refused whatever its
 * body. A client without Origin or Sec-Fetch-Site is not a browser and
 * cannot carry a victim's cookie.
 */
export function csrfProtection(config: Config): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(config.publicUrl).origin;
  const allowedOrigin = (origin: string, c: Context) => origin === publicOrigin || origin === new URL(c.req.url).origin;
  const forms = csrf({ origin: allowedOrigin });
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header("origin");
      const site = c.req.header("sec-fetch-site");
      const fromBrowser = origin !== undefined || site !== undefined;
      // As for forms: either header vouching for this site is enough.
      if (fromBrowser && site !== "same-origin" && !(origin !== undefined && allowedOrigin(origin, c))) {
        throw new HTTPException(403, { res: new Response("Forbidden", { status: 403 }) });
      }
    }
    return forms(c, next);
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
