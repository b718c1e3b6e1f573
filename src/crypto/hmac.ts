/**
 * Values that must stay queryable without being readable (the sender of a
 * pattern, search tokens, throttle keys) are stored as HMAC-SHA-256 under a
 * key of their own: never a bare SHA-256, which anyone can recompute for a
 * guessed address.
 */
import { createHmac, hkdfSync } from "node:crypto";
import { SecretKey } from "./secret-key.ts";

/**
 * A key for one purpose derived from a parent key (HKDF-SHA-256), so one
 * stored key serves several uses without their outputs being comparable.
 *
 * @example
 *   const searchKey = deriveKey(dek, "search-index");
 */
export function deriveKey(parent: SecretKey, purpose: string): SecretKey {
  return new SecretKey(new Uint8Array(hkdfSync("sha256", parent.bytes(), new Uint8Array(0), `mail-helper/${purpose}/v1`, 32)));
}

/** HMAC-SHA-256 of a UTF-8 string. */
export function hmac(key: SecretKey, value: string): Buffer {
  return createHmac("sha256", key.bytes()).update(value, "utf8").digest();
}

/** SHA-256's block: HMAC pads its key to it (RFC 2104). */
const BLOCK_BYTES = 64;

/**
 * The first 8 bytes of HMAC-SHA-256, as a signed 64-bit integer, keyed
 * once for many values (a message's search words and their prefixes, a
 * few hundred per message). The same as `hmac(key, value).readBigInt64BE(0)`,
 * computed by RFC 2104's two hashes into buffers kept between calls: a
 * hasher object and digest buffer per value were a fifth of sync's peak
 * memory (bench:sync).
 */
export function keyedInt64(key: SecretKey): (value: string) => bigint {
  const keyBytes = key.bytes();
  if (keyBytes.length > BLOCK_BYTES) throw new Error("keyedInt64 takes keys of at most one SHA-256 block");
  let inner = new Uint8Array(BLOCK_BYTES + 256);
  const outer = new Uint8Array(BLOCK_BYTES + 32);
  for (let i = 0; i < BLOCK_BYTES; i++) {
    inner[i] = (keyBytes[i] ?? 0) ^ 0x36;
    outer[i] = (keyBytes[i] ?? 0) ^ 0x5c;
  }
  const innerDigest = outer.subarray(BLOCK_BYTES);
  const digest = new Uint8Array(32);
  const view = new DataView(digest.buffer);
  const encoder = new TextEncoder();
  return (value) => {
    if (value.length * 3 > inner.length - BLOCK_BYTES) {
      const larger = new Uint8Array(BLOCK_BYTES + value.length * 3);
      larger.set(inner.subarray(0, BLOCK_BYTES));
      inner = larger;
    }
    const { written } = encoder.encodeInto(value, inner.subarray(BLOCK_BYTES));
    Bun.SHA256.hash(inner.subarray(0, BLOCK_BYTES + written), innerDigest);
    Bun.SHA256.hash(outer, digest);
    return view.getBigInt64(0);
  };
}
