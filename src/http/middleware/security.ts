import type { MiddlewareHandler } from "hono";
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
 * Cross-site form posts are refused. The request's own origin is allowed
 * (reached by IP or name) and so is PUBLIC_URL (behind a TLS proxy the
 * request itself looks like plain HTTP).
 */
export function csrfProtection(config: Config): MiddlewareHandler<AppEnv> {
  const publicOrigin = new URL(config.publicUrl).origin;
  return csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin });
}
