/**
 * The one outbound-target policy: every connection the server makes on a
 * user's behalf (IMAP, LLM providers) asks `checkOutboundTarget` first and
 * then connects to the address it returns, never to the name again, so a
 * DNS answer cannot change between the check and the connection (DNS
 * rebinding).
 *
 * A target is refused when any address its name resolves to is not public
 * (./address-ranges.ts), unless the administrator allowed it
 * (./allowed-targets.ts, stored by ./allowed-targets-store.ts). A refused
 * target is refused before any packet goes to it, so the answer cannot tell
 * an open port from a closed one.
 *
 * @example
 *   const target = await checkOutboundTarget(policy, "imap.example.org", 993);
 *   // { host: "imap.example.org", address: "203.0.113.7", family: 4, port: 993, servername: "imap.example.org" }
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { classifyAddress, type AddressKind } from "./address-ranges.ts";
import { allowsAddress, allowsHostName, normaliseHostName, type AllowedTarget } from "./allowed-targets.ts";

export interface OutboundPolicy {
  /** The administrator's exceptions; empty: only public addresses. */
  allowed: readonly AllowedTarget[];
}

/** Nothing allowed beyond public addresses: the policy when the administrator allowed nothing. */
export const PUBLIC_ONLY: OutboundPolicy = { allowed: [] };

export interface CheckedTarget {
  /** The host as given (normalised): for the Host header. */
  host: string;
  /** The checked address to connect to. */
  address: string;
  family: 4 | 6;
  port: number;
  /** The name for TLS (SNI and the certificate check); undefined for an IP literal. */
  servername: string | undefined;
}

export type OutboundRefusal = "not_allowed" | "dns_failed";

/** A target the policy refused, or whose name did not resolve. `code` is stable; the message is for administrators and logs. */
export class OutboundTargetError extends Error {
  override name = "OutboundTargetError";
  readonly code = "OUTBOUND_REFUSED";
  constructor(
    readonly refusal: OutboundRefusal,
    message: string,
  ) {
    super(message);
  }
}

async function resolve(host: string): Promise<{ address: string; family: 4 | 6 }[]> {
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family: family as 4 | 6 }];
  try {
    const answers = await lookup(host, { all: true, verbatim: true });
    return answers.map((answer) => ({ address: answer.address, family: answer.family as 4 | 6 }));
  } catch (error) {
    throw new OutboundTargetError("dns_failed", `the name ${host} did not resolve (${(error as { code?: string }).code ?? "error"})`);
  }
}

/**
 * Resolves once and checks every address. Refused when any address is not
 * allowed: a name that resolves to a public and a private address must not
 * get through on the public one and be connected to on the other.
 *
 * @throws OutboundTargetError
 */
export async function checkOutboundTarget(policy: OutboundPolicy, rawHost: string, port: number): Promise<CheckedTarget> {
  const host = normaliseHostName(rawHost);
  const trustedName = isIP(host) === 0 && allowsHostName(policy.allowed, host, port);
  const addresses = await resolve(host);
  if (addresses.length === 0) throw new OutboundTargetError("dns_failed", `the name ${host} has no address`);
  if (!trustedName) {
    for (const { address } of addresses) {
      const kind: AddressKind = classifyAddress(address);
      if (kind !== "public" && !allowsAddress(policy.allowed, address, port)) {
        throw new OutboundTargetError(
          "not_allowed",
          `${host} (${address}, ${kind.replace("_", "-")}) port ${port} is not allowed; an administrator can allow it under Administration → Outbound connections`,
        );
      }
    }
  }
  const chosen = addresses[0]!;
  return { host, address: chosen.address, family: chosen.family, port, servername: isIP(host) === 0 ? host : undefined };
}
