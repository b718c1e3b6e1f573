/**
 * The few header fields the threads pages show, decrypted from a message's
 * `headers_encrypted` (bound to `message-headers:<message id>`, see
 * src/mail/sync/store.ts). Nothing of it is logged.
 */
import { decrypt, DecryptError } from "../../../crypto/aead.ts";
import type { SecretKey } from "../../../crypto/secret-key.ts";
import type { MailAddress } from "../../../mail/parse/types.ts";

export interface ShownHeaders {
  /** Null when the message has none (or its headers cannot be read: shown as "no subject", never an error page). */
  subject: string | null;
  from: MailAddress[];
}

/**
 * The header document starts `{"subject":…,"from":[…],"to":` (store.ts
 * writes it in that order), and everything after — recipients, every
 * header, the raw header block of up to 64 KiB — is of no use here. Reading
 * only up to the first `,"to":` (which can only be that key: a quote inside
 * a JSON string is escaped, and addresses have no "to" key) halves the cost
 * of a threads page; a document in another shape is read whole.
 */
const END_OF_SENDERS = Buffer.from(',"to":');

function parseSubjectAndSenders(plain: Buffer): Partial<ShownHeaders> {
  const end = plain.indexOf(END_OF_SENDERS);
  if (end > 0) {
    try {
      return JSON.parse(`${plain.toString("utf8", 0, end)}}`) as Partial<ShownHeaders>;
    } catch {
      // Not the expected shape after all: read it whole.
    }
  }
  return JSON.parse(plain.toString("utf8")) as Partial<ShownHeaders>;
}

export function readHeaders(dataKey: SecretKey, userId: string, messageId: string, encrypted: Uint8Array): ShownHeaders {
  try {
    const plain = decrypt(dataKey, encrypted, { owner: userId, purpose: `message-headers:${messageId}` });
    const document = parseSubjectAndSenders(Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength));
    return { subject: typeof document.subject === "string" && document.subject ? document.subject : null, from: Array.isArray(document.from) ? document.from : [] };
  } catch (error) {
    if (error instanceof DecryptError || error instanceof SyntaxError) return { subject: null, from: [] };
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
