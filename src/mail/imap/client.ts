/**
 * ImapFlow clients built from an account row: the security setting is
 * honoured exactly (TLS, STARTTLS required, or none), a pinned certificate
 * replaces the system CAs when set, and imapflow's own logging is off (it
 * would log protocol lines, which carry mail).
 */
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import type { MailAccountConnection } from "../accounts.ts";

/** Timeouts a person notices: a dead server fails the connection test within seconds, not minutes. */
const CONNECTION_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 10_000;
/** Longer than IDLE's re-issue interval, so a healthy IDLE never looks idle to the socket. */
const SOCKET_TIMEOUT_MS = 30 * 60_000 + 60_000;

export function imapOptions(account: MailAccountConnection): ImapFlowOptions {
  return {
    host: account.host,
    port: account.port,
    secure: account.security === "tls",
    doSTARTTLS: account.security === "starttls" ? true : account.security === "none" ? false : undefined,
    tls: account.tlsCa ? { ca: account.tlsCa } : undefined,
    auth: { user: account.username, pass: account.password },
    logger: false,
    qresync: true,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    disableAutoIdle: true,
  } as ImapFlowOptions;
}

export function createImapClient(account: MailAccountConnection): ImapFlow {
  const client = new ImapFlow(imapOptions(account));
  // An 'error' event without a listener would crash the process; the command that fails reports it.
  client.on("error", () => {});
  return client;
}
