/**
 * Whether a UID in the selected folder really is the message we hold: its
 * Message-ID, hashed under the user's identity key, against the stored
 * `messages.message_id_hash`. A message without Message-ID was stored as
 * the hash of its bytes (fetched capped, as sync fetches them), so those
 * bytes are fetched and hashed the same way.
 *
 * A local copy row can be wrong (a sync bug once pointed many UIDs at one
 * bogus message, and deleting it expunged them all), so no move, trash or
 * delete acts on a copy this has not confirmed. UIDs are never reused
 * within one UIDVALIDITY, so a confirmed UID stays this message until it
 * is expunged.
 */
import type { ImapFlow } from "imapflow";
import { timingSafeEqual } from "node:crypto";
import { parseHeadersOnly, sha256Hex } from "../parse/header-only.ts";
import { serverFlags } from "../sync/sync-folder.ts";
import { messageIdHash, ownIdentity, type IdentityKeys } from "../message-identity.ts";

export type CopyCheck = { state: "match"; flags: string[] } | { state: "absent" } | { state: "mismatch" };

export interface ExpectedIdentity {
  keys: IdentityKeys;
  messageIdHash: Buffer;
  /** The account's cap on fetched bytes (null: whole messages), which the stored hash was computed over. */
  maxMessageBytes: number | null;
}

/** Checks `uid` in the folder the caller has open. */
export async function checkCopyIdentity(client: ImapFlow, uid: number, expected: ExpectedIdentity): Promise<CopyCheck> {
  const message = await client.fetchOne(String(uid), { uid: true, flags: true, headers: ["message-id"] }, { uid: true });
  if (!message) return { state: "absent" };
  // The same parser sync used, on the same header, so the same id comes out.
  const { messageId } = await parseHeadersOnly(message.headers ?? Buffer.alloc(0), []);
  let hash: Buffer;
  if (messageId) {
    hash = messageIdHash(expected.keys, messageId);
  } else {
    const source = expected.maxMessageBytes ? { maxLength: expected.maxMessageBytes } : true;
    const full = await client.fetchOne(String(uid), { uid: true, source }, { uid: true });
    if (!full) return { state: "absent" };
    hash = ownIdentity(expected.keys, null, sha256Hex(full.source ?? Buffer.alloc(0))).messageIdHash;
  }
  const same = hash.length === expected.messageIdHash.length && timingSafeEqual(hash, expected.messageIdHash);
  return same ? { state: "match", flags: serverFlags(message.flags) } : { state: "mismatch" };
}
