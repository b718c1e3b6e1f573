/**
 * The closed set of error codes and the HTTP status each maps to: the HTTP
 * layer answers with them (src/http/errors.ts), the error page names them
 * (views/error.tsx). Neither imports the other for them.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  /** A strict-mode user's data key is not open: an API token alone never opens it (src/http/request.ts). Listed before CONFLICT so that a bare 409 stays CONFLICT. */
  DATA_KEY_UNAVAILABLE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A Host name this server was not configured for (src/http/middleware/host.ts). */
  MISDIRECTED: 421,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
