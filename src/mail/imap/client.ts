/**
 * ImapFlow clients built from an account row: the security setting is
 * honoured exactly (TLS, STARTTLS required, or none), a pinned certificate
 * replaces the system CAs when set, and imapflow's own logging is off (it
 * would log protocol lines, which carry mail).
 *
 * The host goes through the outbound policy first (../../net/outbound-policy.ts):
 * the client connects to the checked address, and TLS still checks the
 * certificate against the host name the user gave (`servername`).
 */
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import { checkOutboundTarget, type CheckedTarget, type OutboundPolicy } from "../../net/outbound-policy.ts";
import type { MailAccountConnection } from "../accounts/store.ts";

/** Timeouts a person notices: a dead server fails the connection test within seconds, not minutes. */
const CONNECTION_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 10_000;
/** Longer than IDLE's re-issue interval, so a healthy IDLE never looks idle to the socket. */
const SOCKET_TIMEOUT_MS = 30 * 60_000 + 60_000;

export function imapOptions(account: MailAccountConnection, target: CheckedTarget): ImapFlowOptions {
  return {
    host: target.address,
    // Without it imapflow would send no SNI and check the certificate against the address.
    ...(target.servername ? { servername: target.servername } : {}),
    port: target.port,
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

/**
 * A client for the account's server, not connected yet.
 *
 * @throws OutboundTargetError when the policy refuses the server (classifyImapError makes it `unreachable`)
 */
export async function createImapClient(account: MailAccountConnection, outbound: OutboundPolicy): Promise<ImapFlow> {
  const target = await checkOutboundTarget(outbound, account.host, account.port);
  const client = new ImapFlow(imapOptions(account, target));
  // An 'error' event without a listener would crash the process; the command that fails reports it.
  client.on("error", () => {});
  return client;
}
