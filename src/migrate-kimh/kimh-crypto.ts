/**
 * KI-Mail-Helper's encryption, as its code does it (../shared/notes/ki-mail-helper.md §3), read side only
 * (the test fixture builder in test/migrate-kimh/ writes with the same layout):
 *
 *   KEK = PBKDF2-HMAC-SHA256(password, base64-decoded users.salt, 600 000 iterations, 32 bytes)
 *   users.encrypted_dek = base64(IV[12] ‖ AES-256-GCM(DEK, KEK) ‖ tag[16]), no AAD
 *   every encrypted_* column = base64(IV[12] ‖ AES-256-GCM(UTF-8 text, DEK) ‖ tag[16]), no AAD
 *
 * Its DEK travels as a base64 string (the session's "master_key"); an unwrapped value of 32 raw bytes is
 * taken as is, 44 characters of base64 are decoded.
 */
import { createDecipheriv, createCipheriv, pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";

export const KIMH_KDF_ITERATIONS = 600_000;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const pbkdf2Async = promisify(pbkdf2);

export class KimhDecryptError extends Error {
  override name = "KimhDecryptError";
}

/** The key-encryption key from the user's password and salt column. Slow on purpose (600 000 rounds). */
export async function deriveKimhKek(password: string, saltBase64: string): Promise<Buffer> {
  return await pbkdf2Async(Buffer.from(password, "utf8"), Buffer.from(saltBase64, "base64"), KIMH_KDF_ITERATIONS, 32, "sha256");
}

function openBlob(key: Uint8Array, blobBase64: string): Buffer {
  const blob = Buffer.from(blobBase64, "base64");
  if (blob.length < IV_BYTES + TAG_BYTES) throw new KimhDecryptError("ciphertext too short");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(0, IV_BYTES));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new KimhDecryptError("authentication failed");
  }
}

/** The user's DEK; KimhDecryptError for a wrong password. */
export function unwrapKimhDek(kek: Uint8Array, encryptedDekBase64: string): Buffer {
  const plain = openBlob(kek, encryptedDekBase64);
  if (plain.length === 32) return plain;
  const decoded = Buffer.from(plain.toString("latin1"), "base64");
  if (decoded.length === 32) return decoded;
  throw new KimhDecryptError("the unwrapped data key is not 32 bytes");
}

/** One encrypted_* column as text; null stays null. */
export function decryptKimhText(dek: Uint8Array, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  return openBlob(dek, value).toString("utf8");
}

/** The write side, for the test fixture: base64(IV ‖ ciphertext ‖ tag). */
export function encryptKimh(key: Uint8Array, plaintext: Uint8Array | string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
}
