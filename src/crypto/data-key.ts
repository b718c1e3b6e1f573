/**
 * Users' data keys (DEKs) and how they are wrapped.
 *
 * Each user has one random 256-bit DEK that encrypts everything private of
 * theirs. It is stored only wrapped (encrypted):
 *   - by a key derived from their password (argon2id, own salt): a password
 *     change re-wraps the DEK and re-encrypts nothing;
 *   - in background mode, also by the server master key, so jobs can run
 *     while the user is away;
 *   - in strict mode, instead, by the master key inside each live session
 *     row, bound to that session, and gone when the session ends.
 */
import { argon2, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { decrypt, encrypt } from "./aead.ts";
import type { MasterKeyring } from "./master-key.ts";
import { SecretKey } from "./secret-key.ts";

const argon2Async = promisify(argon2);

/** argon2id at the OWASP minimum (19 MiB, 2 passes, 1 lane), as for password hashes. */
export const PASSWORD_KDF = { memory: 19_456, passes: 2, parallelism: 1 } as const;
const KDF_PARAMS = `argon2id:m=${PASSWORD_KDF.memory},t=${PASSWORD_KDF.passes},p=${PASSWORD_KDF.parallelism}`;

export interface PasswordWrappedKey {
  wrapped: Uint8Array;
  salt: Uint8Array;
  /** The KDF and its parameters, so they can be raised later for new wraps. */
  params: string;
}

export interface MasterWrappedKey {
  wrapped: Uint8Array;
  keyId: string;
}

/** Same text, same bytes: "ü" typed composed or decomposed derives the same key. */
export function normalizePassword(password: string): string {
  return password.normalize("NFC");
}

async function derivePasswordKey(password: string, salt: Uint8Array, params: string): Promise<SecretKey> {
  const match = /^argon2id:m=(\d+),t=(\d+),p=(\d+)$/.exec(params);
  if (!match) throw new Error(`unknown key derivation "${params}"`);
  const bytes = await argon2Async("argon2id", {
    message: normalizePassword(password),
    nonce: salt,
    memory: Number(match[1]),
    passes: Number(match[2]),
    parallelism: Number(match[3]),
    tagLength: 32,
  });
  return new SecretKey(new Uint8Array(bytes));
}

export function generateDataKey(): SecretKey {
  return SecretKey.random();
}

export async function wrapWithPassword(dek: SecretKey, password: string, userId: string): Promise<PasswordWrappedKey> {
  const salt = randomBytes(16);
  const kek = await derivePasswordKey(password, salt, KDF_PARAMS);
  return { wrapped: encrypt(kek, dek.bytes(), { owner: userId, purpose: "dek:password" }), salt, params: KDF_PARAMS };
}

/** @throws DecryptError when the password is not the one the key was wrapped with. */
export async function unwrapWithPassword(stored: PasswordWrappedKey, password: string, userId: string): Promise<SecretKey> {
  const kek = await derivePasswordKey(password, stored.salt, stored.params);
  return new SecretKey(decrypt(kek, stored.wrapped, { owner: userId, purpose: "dek:password" }));
}

export function wrapWithMaster(dek: SecretKey, keyring: MasterKeyring, userId: string): MasterWrappedKey {
  const { id, key } = keyring.current();
  return { wrapped: encrypt(key, dek.bytes(), { owner: userId, purpose: "dek:master" }), keyId: id };
}

export function unwrapWithMaster(stored: MasterWrappedKey, keyring: MasterKeyring, userId: string): SecretKey {
  return new SecretKey(decrypt(keyring.get(stored.keyId), stored.wrapped, { owner: userId, purpose: "dek:master" }));
}

/** Strict mode: the copy a live session holds, bound to that session so it cannot be moved to another row. */
export function wrapForSession(dek: SecretKey, keyring: MasterKeyring, userId: string, sessionId: string): MasterWrappedKey {
  const { id, key } = keyring.current();
  return { wrapped: encrypt(key, dek.bytes(), { owner: userId, purpose: `dek:session:${sessionId}` }), keyId: id };
}

export function unwrapForSession(stored: MasterWrappedKey, keyring: MasterKeyring, userId: string, sessionId: string): SecretKey {
  return new SecretKey(decrypt(keyring.get(stored.keyId), stored.wrapped, { owner: userId, purpose: `dek:session:${sessionId}` }));
}
