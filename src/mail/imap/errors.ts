/**
 * IMAP failures mapped to a closed set of reasons the user can act on, from
 * imapflow's and Node's stable error codes (never from message text where a
 * code exists).
 */
import { OutboundTargetError } from "../../net/outbound-policy.ts";

export type ImapFailure = "unreachable" | "timeout" | "tls" | "auth" | "capability" | "server";

/** Failures a retry can fix; `auth` and `capability` cannot, and stop retries. */
export const TRANSIENT_FAILURES: ReadonlySet<ImapFailure> = new Set(["unreachable", "timeout", "server"]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "EAI_AGAIN",
  "EPIPE",
  "NoConnection",
  "EConnectionClosed",
  "ClosedAfterConnectText",
  "ClosedAfterConnectTLS",
]);
const TIMEOUT_CODES = new Set(["CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT", "ETIMEOUT", "ETIMEDOUT"]);

export class ImapError extends Error {
  override name = "ImapError";
  constructor(
    readonly reason: ImapFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Classifies any error thrown by a connection or a command. */
export function classifyImapError(error: unknown): ImapError {
  if (error instanceof ImapError) return error;
  // Refused by the outbound policy or no such name: nothing was sent, and to a user it looks like any unreachable server.
  if (error instanceof OutboundTargetError) return new ImapError("unreachable", error.message);
  const e = error as { code?: string; authenticationFailed?: boolean; tlsFailed?: boolean; message?: string; responseText?: string };
  const code = e.code ?? "";
  if (e.authenticationFailed || code === "AUTHENTICATIONFAILED") return new ImapError("auth", "the server refused the user name or password");
  if (e.tlsFailed || /CERT|TLS|SSL|SELF_SIGNED|ALTNAME|UNABLE_TO_VERIFY|STARTTLS/.test(code)) return new ImapError("tls", `TLS failed (${code || "handshake"})`);
  if (code === "MissingServerExtension") return new ImapError("capability", `the server lacks a needed extension`);
  if (TIMEOUT_CODES.has(code)) return new ImapError("timeout", `the server did not answer in time (${code})`);
  if (NETWORK_CODES.has(code)) return new ImapError("unreachable", `cannot reach the server (${code})`);
  return new ImapError("server", `IMAP error${code ? ` (${code})` : ""}: ${(e.responseText ?? e.message ?? "unknown").slice(0, 200)}`);
}
