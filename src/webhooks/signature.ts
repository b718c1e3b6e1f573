/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret
 * is `whsec_` + base64 of random bytes; a signature is `v1,` + base64 of
 * HMAC-SHA256(key, `${id}.${timestamp}.${body}`); several signatures (one
 * per secret during a rotation) go space-separated in `webhook-signature`.
 *
 * @example
 *   const secret = generateWebhookSecret(); // "whsec_…"
 *   signatureHeader([secret], "3f1c…", 1767225600, '{"type":"message.red",…}'); // "v1,K5oZ…="
 */
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";
/** 32 random bytes: the HMAC-SHA256 key size. */
const SECRET_BYTES = 32;

export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

function secretKeyBytes(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error("not a webhook secret");
  return Buffer.from(secret.slice(PREFIX.length), "base64");
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", secretKeyBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** The `webhook-signature` value: one signature per secret, newest first. */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signWebhook(secret, id, timestamp, body)).join(" ");
}
