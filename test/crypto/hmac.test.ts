import { expect, test } from "bun:test";
import { deriveKey, hmac, keyedHash } from "../../src/crypto/hmac.ts";
import { SecretKey } from "../../src/crypto/secret-key.ts";

test("keyedHash is HMAC-SHA-256, the same as hmac, value after value", () => {
  const key = deriveKey(SecretKey.random(), "search-index");
  const hash = keyedHash(key);
  for (const value of ["müller", "mueller", "", "x".repeat(5000), "müller"]) expect(hash(value).equals(hmac(key, value))).toBe(true);
  expect(keyedHash(SecretKey.random())("müller").equals(hash("müller"))).toBe(false);
});
