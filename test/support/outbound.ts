/**
 * The test services (Dovecot, the LLM stubs, the SMTP server) listen on
 * 127.0.0.1, which the outbound policy refuses unless an administrator
 * allowed it. Test databases allow loopback as an administrator would
 * (createTestDatabase); the policy's own tests start from a database with
 * nothing allowed (`{ outbound: "public_only" }`).
 */
import type { Sql } from "../../src/db/connection.ts";
import { parseAllowedTarget, type AllowedTarget } from "../../src/net/allowed-targets.ts";
import { replaceAllowedTargets } from "../../src/net/allowed-targets-store.ts";
import type { OutboundPolicy } from "../../src/net/outbound-policy.ts";

function targets(entries: string[]): AllowedTarget[] {
  return entries.map((entry) => {
    const parsed = parseAllowedTarget(entry);
    if (!parsed.ok) throw new Error(`not an entry: ${entry}`);
    return parsed.target;
  });
}

export const LOOPBACK_TARGETS: AllowedTarget[] = targets(["127.0.0.0/8", "::1/128"]);

/** For product functions that take the policy as a value. */
export const LOOPBACK_ALLOWED: OutboundPolicy = { allowed: LOOPBACK_TARGETS };

/** Loopback and the given entries (a test server on this machine's LAN address). */
export const policyAllowing = (...entries: string[]): OutboundPolicy => ({ allowed: [...LOOPBACK_TARGETS, ...targets(entries)] });

/** Stores loopback as the administrator's exception in this database. */
export async function allowLoopback(sql: Sql): Promise<void> {
  await replaceAllowedTargets(sql, LOOPBACK_TARGETS, null);
}
