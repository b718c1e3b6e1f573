/**
 * The few header fields the threads pages show, decrypted from a message's
 * `headers_encrypted` (bound to `message-headers:<message id>`, see
 * src/mail/sync/store.ts). Nothing of it is logged.
 */
import { decryptText, DecryptError } from "../../../crypto/aead.ts";
import type { SecretKey } from "../../../crypto/secret-key.ts";
import type { MailAddress } from "../../../mail/parse/types.ts";

export interface ShownHeaders {
  /** Null when the message has none (or its headers cannot be read: shown as "no subject", never an error page). */
  subject: string | null;
  from: MailAddress[];
  to: MailAddress[];
}

export function readHeaders(dataKey: SecretKey, userId: string, messageId: string, encrypted: Uint8Array): ShownHeaders {
  try {
    const document = JSON.parse(decryptText(dataKey, encrypted, { owner: userId, purpose: `message-headers:${messageId}` })) as Partial<ShownHeaders>;
    return { subject: document.subject || null, from: document.from ?? [], to: document.to ?? [] };
  } catch (error) {
    if (error instanceof DecryptError || error instanceof SyntaxError) return { subject: null, from: [], to: [] };
    throw error;
  }
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
