/**
 * The subject and senders the threads pages show, from a message's
 * encrypted summary (src/mail/message-summary.ts). Nothing of it is logged.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import { readSummary } from "../mail/message-summary.ts";
import type { MailAddress } from "../mail/parse/types.ts";

export interface ShownHeaders {
  /** Null when the message has none (or it cannot be read: shown as "no subject", never an error page). */
  subject: string | null;
  from: MailAddress[];
}

export function readHeaders(dataKey: SecretKey, userId: string, message: { id: string; summary: Uint8Array; legacy: boolean }): ShownHeaders {
  const summary = readSummary(dataKey, userId, message.id, message);
  return { subject: summary?.subject || null, from: summary?.from ?? [] };
}

/** How a person is shown: the display name, else the address. */
export const personName = (address: MailAddress) => address.name || address.address;

/** Distinct senders in the order given (newest first), as shown: one name twice (two addresses of one person) reads as one. */
export function distinctPeople(addresses: MailAddress[]): MailAddress[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = personName(address).toLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
