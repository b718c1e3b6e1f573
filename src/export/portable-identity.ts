/**
 * A message's identity that another install can recompute. The stored
 * identity is a keyed hash under the owner's data key
 * (src/mail/message-identity.ts), which a second user or a fresh install
 * cannot match; the export therefore names a message by its Message-ID,
 * and a message without one by a fingerprint of its Date, From and Subject
 * headers (the raw bytes' hash is not kept, so it cannot be recomputed).
 */
import { createHash } from "node:crypto";

export type PortableIdentity = { messageId: string } | { fingerprint: string };

/** What a message's identity is computed from: its decrypted header document. */
export interface IdentityHeaders {
  messageId: string | null;
  date: string | null;
  subject: string;
  from: { name: string; address: string }[];
}

export function fingerprintOf(headers: Pick<IdentityHeaders, "date" | "subject" | "from">): string {
  const from = headers.from.map((entry) => entry.address.toLowerCase()).join(",");
  return createHash("sha256")
    .update(`date:${headers.date ?? ""}\nfrom:${from}\nsubject:${headers.subject}`)
    .digest("hex");
}

/**
 * @example
 *   portableIdentity({ messageId: "<a1@example.org>", date: null, subject: "", from: [] }) // { messageId: "a1@example.org" }
 */
export function portableIdentity(headers: IdentityHeaders): PortableIdentity {
  const messageId = headers.messageId?.trim().replace(/^<|>$/g, "");
  return messageId ? { messageId } : { fingerprint: fingerprintOf(headers) };
}

/** One string per identity, for maps. */
export const identityKey = (identity: PortableIdentity) => ("messageId" in identity ? `mid:${identity.messageId}` : `fp:${identity.fingerprint}`);
