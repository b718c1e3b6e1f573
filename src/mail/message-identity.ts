/**
 * Message identity without readable values in the database: the Message-ID
 * and the content hash are stored as HMACs under a key derived from the
 * user's data key. A copy found in another folder, or again after a
 * UIDVALIDITY change, maps to the same message.
 */
import { deriveKey, hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";

export interface IdentityKeys {
  /** HMAC key for Message-IDs and content hashes. */
  key: SecretKey;
}

export function identityKeys(dataKey: SecretKey): IdentityKeys {
  return { key: deriveKey(dataKey, "message-identity") };
}

/** Keyed hash of a Message-ID as it appears in Message-ID, In-Reply-To and References. */
export function messageIdHash(keys: IdentityKeys, messageId: string): Buffer {
  return hmac(keys.key, `mid:${messageId.trim().replace(/^<|>$/g, "")}`);
}

/** Keyed hash of the raw bytes' SHA-256. */
export function contentHash(keys: IdentityKeys, sha256Hex: string): Buffer {
  return hmac(keys.key, `content:${sha256Hex}`);
}

/** A message without Message-ID is identified by its content alone. */
export function ownIdentity(keys: IdentityKeys, messageId: string | null, sha256Hex: string): { messageIdHash: Buffer; contentHash: Buffer } {
  return {
    messageIdHash: messageId ? messageIdHash(keys, messageId) : hmac(keys.key, `no-mid:${sha256Hex}`),
    contentHash: contentHash(keys, sha256Hex),
  };
}
