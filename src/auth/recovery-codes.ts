/**
 * One-time recovery codes, the way back in when the authenticator is lost.
 * Each is 80 random bits written in Crockford base32 (no I, L, O or U, so
 * nothing is misread from paper), in four groups of four: `7G4K-2M9Q-XR3D-0PZT`.
 * Only their hashes are stored.
 */
import { createHash } from "node:crypto";

const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 80 bits: 16 base32 characters exactly, and far beyond guessing (see hashRecoveryCode). */
const CODE_BYTES = 10;
const CODE_LENGTH = 16;
/** Longer input is not a mistyped code; stops work on pasted junk early. */
const MAX_INPUT_LENGTH = 64;

/**
 * @example
 *   generateRecoveryCodes(); // ["7G4K-2M9Q-XR3D-0PZT", … ten in all]
 */
export function generateRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const encoded = encodeCrockford(crypto.getRandomValues(new Uint8Array(CODE_BYTES)));
    return encoded.match(/.{4}/g)!.join("-");
  });
}

/**
 * The canonical form of what someone typed: upper case, without spaces or
 * dashes, with the look-alikes O→0 and I/L→1 mapped as Crockford base32 says.
 * Undefined if the input cannot be a recovery code.
 *
 * @example
 *   normalizeRecoveryCode("7g4k 2m9q-xr3d-opzt"); // "7G4K2M9QXR3D0PZT"
 *   normalizeRecoveryCode("hello");               // undefined
 */
export function normalizeRecoveryCode(input: string): string | undefined {
  if (input.length > MAX_INPUT_LENGTH) return undefined;
  const code = input
    .toUpperCase()
    .replace(/[\s\p{Pd}]/gu, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== CODE_LENGTH) return undefined;
  for (const char of code) if (!CROCKFORD_ALPHABET.includes(char)) return undefined;
  return code;
}

/**
 * Hex SHA-256 of the normalized code, for storing and looking up. A fast,
 * unsalted hash is right here, unlike for passwords: with 80 random bits an
 * offline search of 2^80 candidates stays infeasible however fast each guess
 * is, and an unsalted hash lets sign-in find the code with one indexed query.
 * Throws if `code` is not a recovery code; normalize user input first.
 *
 * @example
 *   hashRecoveryCode("7G4K-2M9Q-XR3D-0PZT") === hashRecoveryCode("7g4k2m9qxr3dopzt"); // true
 */
export function hashRecoveryCode(code: string): string {
  const normalized = normalizeRecoveryCode(code);
  if (normalized === undefined) throw new TypeError("not a recovery code");
  return createHash("sha256").update(normalized).digest("hex");
}

function encodeCrockford(bytes: Uint8Array): string {
  let text = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += CROCKFORD_ALPHABET[(buffer >> bits) & 31];
    }
  }
  return text;
}
