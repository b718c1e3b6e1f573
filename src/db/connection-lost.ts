/**
 * Telling "the database went away" apart from every other failure: a
 * PostgreSQL restart or crash ends every connection, and what it says
 * depends on when it struck (postgres.js's own codes, the socket's, or the
 * server's shutdown notice).
 */
const CONNECTION_CODES = new Set([
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // the socket
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOENT",
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now
  "57P01",
  "57P02",
  "57P03",
]);

export function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_CODES.has(code);
}
