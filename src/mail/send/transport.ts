/**
 * nodemailer SMTP transports built from an account's settings, the security
 * honoured exactly: `tls` is implicit TLS, `starttls` fails unless the
 * upgrade happens, `none` never upgrades and is allowed only for a server
 * the administrator allowed by name or address under Administration →
 * Outbound connections (an internal relay on a trusted network). The host
 * goes through the outbound policy first and the transport connects to the
 * checked address; TLS still checks the certificate against the host name.
 *
 * Failures become a closed set of reasons from nodemailer's and Node's
 * stable codes and the SMTP reply code (never message text).
 */
import nodemailer from "nodemailer";
import { allowsAddress, allowsHostName } from "../../net/allowed-targets.ts";
import { checkOutboundTarget, OutboundTargetError, type CheckedTarget, type OutboundPolicy } from "../../net/outbound-policy.ts";
import type { SmtpConnection } from "./smtp-settings.ts";

/** A dead server fails the test within seconds; a slow DATA on a big message still has a minute. */
const CONNECTION_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

export type SmtpFailure = "blocked" | "plaintext_not_allowed" | "unreachable" | "timeout" | "tls" | "auth" | "rejected" | "server";

/** Worth another attempt later: the network, a time-out, a 4xx reply. */
export const TRANSIENT_SMTP_FAILURES: ReadonlySet<SmtpFailure> = new Set(["unreachable", "timeout", "server"]);

export class SmtpError extends Error {
  override name = "SmtpError";
  constructor(
    readonly reason: SmtpFailure,
    message: string,
    /** The SMTP reply code when the server answered one. */
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set(["ECONNECTION", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);

/** Classifies anything a transport or the policy threw. */
export function classifySmtpError(error: unknown): SmtpError {
  if (error instanceof SmtpError) return error;
  if (error instanceof OutboundTargetError) return new SmtpError(error.refusal === "not_allowed" ? "blocked" : "unreachable", error.message);
  const e = error as { code?: string; responseCode?: number; command?: string; message?: string };
  const code = e.code ?? "";
  const reply = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (code === "EAUTH" || code === "ENOAUTH" || reply === 535) return new SmtpError("auth", "the server refused the user name or password", reply);
  if (code === "ETLS" || /CERT|SSL|SELF_SIGNED|ALTNAME|UNABLE_TO_VERIFY|TLS/.test(code)) return new SmtpError("tls", `TLS failed (${code || "handshake"})`, reply);
  if (code === "ETIMEDOUT" || code === "ETIMEOUT") return new SmtpError("timeout", `the server did not answer in time (${code})`, reply);
  if (NETWORK_CODES.has(code) && reply === undefined) return new SmtpError("unreachable", `cannot reach the server (${code})`);
  // 5xx: the server refused for good (a recipient, the size, the sender); 4xx: try again later.
  if (reply !== undefined && reply >= 500) return new SmtpError("rejected", `the server refused the message (${reply}${e.command ? ` after ${e.command}` : ""})`, reply);
  return new SmtpError("server", `SMTP error${code ? ` (${code})` : ""}${reply ? ` ${reply}` : ""}`, reply);
}

/** The transport options for a checked target: exported for the tests that pin the security mapping. */
export function smtpOptions(connection: SmtpConnection, target: CheckedTarget) {
  return {
    host: target.address,
    port: target.port,
    ...(target.servername ? { servername: target.servername } : {}),
    secure: connection.security === "tls",
    requireTLS: connection.security === "starttls",
    ignoreTLS: connection.security === "none",
    tls: connection.tlsCa ? { ca: connection.tlsCa } : undefined,
    auth: { user: connection.username, pass: connection.password },
    // A name for EHLO that gives nothing away about this host.
    name: "mail-helper.invalid",
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
    debug: false,
    // Never read a file or a URL on the message's word.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * A transport for the account's server, not connected yet.
 *
 * @throws SmtpError `blocked` (policy), `plaintext_not_allowed`, `unreachable` (no such name)
 */
export async function createSmtpTransport(connection: SmtpConnection, policy: OutboundPolicy) {
  let target: CheckedTarget;
  try {
    target = await checkOutboundTarget(policy, connection.host, connection.port);
  } catch (error) {
    throw classifySmtpError(error);
  }
  if (connection.security === "none" && !allowsHostName(policy.allowed, target.host, target.port) && !allowsAddress(policy.allowed, target.address, target.port)) {
    throw new SmtpError("plaintext_not_allowed", "an unencrypted SMTP connection is allowed only to a server an administrator allowed under Outbound connections");
  }
  return nodemailer.createTransport(smtpOptions(connection, target));
}

export type SmtpTestResult = { ok: true } | { ok: false; reason: SmtpFailure; message: string };

/** Connects, upgrades as configured, logs in and quits: the connection test. */
export async function testSmtpConnection(connection: SmtpConnection, policy: OutboundPolicy): Promise<SmtpTestResult> {
  try {
    const transport = await createSmtpTransport(connection, policy);
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
    return { ok: true };
  } catch (error) {
    const failure = classifySmtpError(error);
    return { ok: false, reason: failure.reason, message: failure.message };
  }
}
