/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser that completed a sign-in gets a cookie signed for
 * that user. At the password step it gives the browser a throttle budget of
 * its own, so an attack on the account from unknown clients never delays a
 * known device. Nothing is stored: the cookie is a nonce and an HMAC over
 * the user id and the nonce, under a key derived from the master key (a
 * master key rotation makes every device unknown once).
 *
 * @example
 *   const value = issueDeviceCookie(key, user.id);       // after the second factor
 *   knownDevice(key, user.id, value)                     // → a device id for the throttle, or undefined
 */
import type { Services } from "../services.ts";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { deriveKey, hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";

/** How long a browser stays known without signing in again. */
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 3600;

export function deviceCookieKey(services: Services): SecretKey {
  return deriveKey(services.keyring.current().key, "device-cookie");
}

const signature = (key: SecretKey, userId: string, nonce: string) => hmac(key, `device:${userId}:${nonce}`);

export function issueDeviceCookie(key: SecretKey, userId: string): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${nonce}.${signature(key, userId, nonce).toString("base64url")}`;
}

/** The device's id (its nonce) when `value` was issued to this user, else undefined. */
export function knownDevice(key: SecretKey, userId: string, value: string | undefined): string | undefined {
  const [nonce, signed, extra] = (value ?? "").split(".");
  if (!nonce || !signed || extra !== undefined || !/^[\w-]{22}$/.test(nonce)) return undefined;
  const expected = signature(key, userId, nonce);
  const given = Buffer.from(signed, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
}
