import { describe, expect, test } from "bun:test";
import { decrypt, DecryptError, decryptText, encrypt } from "../../src/crypto/aead.ts";
import { deriveKey, hmac } from "../../src/crypto/hmac.ts";
import { SecretKey } from "../../src/crypto/secret-key.ts";

const key = SecretKey.random();
const binding = { owner: "user-1", purpose: "totp-secret" };

describe("encrypt/decrypt", () => {
  test("round-trips text and bytes; version byte first, random IV every time", () => {
    const first = encrypt(key, "Grüße aus Köln", binding);
    const second = encrypt(key, "Grüße aus Köln", binding);
    expect(first[0]).toBe(1);
    expect(Buffer.from(first.subarray(1, 13)).equals(Buffer.from(second.subarray(1, 13)))).toBe(false);
    expect(decryptText(key, first, binding)).toBe("Grüße aus Köln");
    const bytes = crypto.getRandomValues(new Uint8Array(1000));
    expect(Buffer.from(decrypt(key, encrypt(key, bytes, binding), binding)).equals(Buffer.from(bytes))).toBe(true);
    expect(first.length).toBe(1 + 12 + Buffer.byteLength("Grüße aus Köln") + 16);
  });

  test("the plaintext does not appear in the ciphertext", () => {
    expect(Buffer.from(encrypt(key, "secret-marker-123", binding)).toString("latin1")).not.toContain("secret-marker");
  });

  test.each([
    ["another owner", SecretKey.random(), { owner: "user-2", purpose: "totp-secret" }],
    ["another purpose", undefined, { owner: "user-1", purpose: "imap-password" }],
    ["another key", SecretKey.random(), binding],
  ])("refuses %s", (_name, otherKey, otherBinding) => {
    const box = encrypt(key, "x", binding);
    expect(() => decrypt(otherKey ?? key, box, otherBinding)).toThrow(DecryptError);
  });

  test("refuses a tampered, truncated or unknown-version ciphertext", () => {
    const box = Buffer.from(encrypt(key, "payload", binding));
    const flipped = Buffer.from(box);
    flipped[20] = flipped[20]! ^ 1;
    expect(() => decrypt(key, flipped, binding)).toThrow(DecryptError);
    expect(() => decrypt(key, box.subarray(0, 20), binding)).toThrow(DecryptError);
    const version2 = Buffer.from(box);
    version2[0] = 2;
    expect(() => decrypt(key, version2, binding)).toThrow(DecryptError);
  });

  test("owner and purpose cannot be shifted into each other", () => {
    const box = encrypt(key, "x", { owner: "a:b", purpose: "c" });
    expect(() => decrypt(key, box, { owner: "a", purpose: "b:c" })).toThrow(DecryptError);
  });
});

describe("keys", () => {
  test("a secret key never shows its bytes in JSON, strings or inspection", () => {
    const secret = new SecretKey(new Uint8Array(32).fill(0xab));
    const hex = "ab".repeat(32);
    expect(JSON.stringify({ secret })).toBe('{"secret":"[secret key]"}');
    expect(`${secret}`).toBe("[secret key]");
    expect(Bun.inspect(secret)).not.toContain(hex);
    expect(Bun.inspect(secret)).not.toContain("171");
  });

  test("derived keys differ per purpose; HMACs are stable and keyed", () => {
    const parent = SecretKey.random();
    const search = deriveKey(parent, "search-index");
    expect(hmac(search, "anna@example.org").equals(hmac(deriveKey(parent, "search-index"), "anna@example.org"))).toBe(true);
    expect(hmac(search, "anna@example.org").equals(hmac(deriveKey(parent, "sender-pattern"), "anna@example.org"))).toBe(false);
    expect(hmac(search, "anna@example.org").equals(hmac(deriveKey(SecretKey.random(), "search-index"), "anna@example.org"))).toBe(false);
  });
});
