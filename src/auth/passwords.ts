/**
 * Password hashes: argon2id at the OWASP minimum (m = 19 MiB, t = 2, p = 1),
 * in the PHC string format, through Bun.password (a maintained native
 * implementation; nothing hand-rolled).
 */
import { normalizePassword } from "../crypto/data-key.ts";

export const PASSWORD_HASH_OPTIONS = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(normalizePassword(password), PASSWORD_HASH_OPTIONS);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return Bun.password.verify(normalizePassword(password), hash);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so that a sign-in with an unknown email
 * takes as long as one with a wrong password and does not reveal which
 * accounts exist.
 */
export async function spendPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await dummyHash);
  return false;
}
