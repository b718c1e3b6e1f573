import { expect, test } from "bun:test";
import { deriveKey, hmac, keyedInt64 } from "../../src/crypto/hmac.ts";
import { SecretKey } from "../../src/crypto/secret-key.ts";

test("keyedInt64 is the first 8 bytes of HMAC-SHA-256, the same as hmac's, value after value", () => {
  const key = deriveKey(SecretKey.random(), "search-index");
  const hash = keyedInt64(key);
  // A long value grows the kept buffer; the short ones after it must not see its bytes.
  for (const value of ["müller", "mueller", "", "p:rechnung", "x".repeat(5000), "ß", "müller", "日本語のテキスト", "a"]) expect(hash(value)).toBe(hmac(key, value).readBigInt64BE(0));
  expect(keyedInt64(SecretKey.random())("müller")).not.toBe(hash("müller"));
});
