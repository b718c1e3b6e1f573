/**
 * Authenticated encryption for everything private: AES-256-GCM with a
 * random 96-bit IV, the row's owner and purpose bound as additional data
 * (so a ciphertext copied to another user's row, or into another column,
 * fails to decrypt), and a version byte first so the algorithm or format can
 * change later without guessing.
 *
 *   v1: [0x01][12-byte IV][ciphertext][16-byte GCM tag]
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SecretKey } from "./secret-key.ts";

const VERSION_AES_256_GCM = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Who a ciphertext belongs to and what it is; both must match to decrypt. */
export interface Binding {
  /** The owning row's user id (or another stable owner id). */
  owner: string;
  /** What the value is, e.g. "totp-secret" or "dek:password". */
  purpose: string;
}

export class DecryptError extends Error {
  override name = "DecryptError";
  readonly code = "DECRYPT_FAILED";
}

function additionalData({ owner, purpose }: Binding): Buffer {
  if (!owner || !purpose) throw new Error("a ciphertext needs an owner and a purpose");
  // Length-prefixed, so ("a:b", "c") and ("a", "b:c") differ.
  return Buffer.from(`mail-helper/v1/${owner.length}:${owner}/${purpose.length}:${purpose}`, "utf8");
}

/**
 * @example
 *   const box = encrypt(dek, "JBSWY3DPEHPK3PXP", { owner: userId, purpose: "totp-secret" });
 *   decryptText(dek, box, { owner: userId, purpose: "totp-secret" }); // "JBSWY3DPEHPK3PXP"
 */
export function encrypt(key: SecretKey, plaintext: Uint8Array | string, binding: Binding): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.bytes(), iv);
  cipher.setAAD(additionalData(binding));
  const body = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION_AES_256_GCM), iv, body, cipher.getAuthTag()]);
}

/** @throws DecryptError for a wrong key, a wrong binding, tampering or an unknown version. */
export function decrypt(key: SecretKey, ciphertext: Uint8Array, binding: Binding): Buffer {
  if (ciphertext.length < 1 + IV_BYTES + TAG_BYTES || ciphertext[0] !== VERSION_AES_256_GCM) {
    throw new DecryptError("unknown ciphertext version or truncated ciphertext");
  }
  const iv = ciphertext.subarray(1, 1 + IV_BYTES);
  const tag = ciphertext.subarray(ciphertext.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key.bytes(), iv);
  decipher.setAAD(additionalData(binding));
  decipher.setAuthTag(tag);
  try {
    // GCM is a stream mode: update() returns all of the plaintext and final() none, only the tag's verdict (it throws on a mismatch).
    const plaintext = decipher.update(ciphertext.subarray(1 + IV_BYTES, ciphertext.length - TAG_BYTES));
    decipher.final();
    return plaintext;
  } catch {
    throw new DecryptError("ciphertext does not match its key or binding");
  }
}

export function decryptText(key: SecretKey, ciphertext: Uint8Array, binding: Binding): string {
  return decrypt(key, ciphertext, binding).toString("utf8");
}
