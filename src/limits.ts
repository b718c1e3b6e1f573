/**
 * Limits in one place, each with the reason for its value. Later issues add
 * MIME part sizes, attachment counts, prompt lengths and page sizes here.
 */

/** Largest HTTP request body we read. Forms and JSON calls are small; uploads get their own limit. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * How long a half-signed-in session (password checked, second factor
 * pending) lives. Long enough to find the phone; short, because in strict
 * mode it already holds the data key.
 */
export const PARTIAL_SESSION_LIFETIME_MS = 15 * 60_000;

/** Longest request id we accept from a proxy's X-Request-Id; longer ones are replaced. */
export const MAX_REQUEST_ID_LENGTH = 100;
