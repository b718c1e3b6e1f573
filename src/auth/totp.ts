/**
 * TOTP two-factor codes (RFC 6238 with the parameters every authenticator app
 * supports: HMAC-SHA-1, 6 digits, 30 s steps). `otpauth` computes the codes;
 * this module decides which steps are acceptable, so that a code can never be
 * used twice: the caller stores the step `verifyTotp` returns and passes it
 * back as `lastUsedStep` next time.
 */
import { timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side covers clock drift and a code typed just as it rolled over; more only helps guessing. */
const ALLOWED_DRIFT_STEPS = 1;
/** 160 bits, the HMAC-SHA-1 key length RFC 4226 recommends. */
const SECRET_BYTES = 20;

export type TotpResult = { ok: true; step: number } | { ok: false; reason: "invalid" | "reused" };

/**
 * A new random secret, base32 without padding (32 characters).
 *
 * @example
 *   const secret = generateTotpSecret(); // "JBSWY3DPEHPK3PXP…"
 */
export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/**
 * The otpauth:// URI an authenticator app reads from the QR code.
 *
 * @example
 *   totpUri({ secret, account: "anna@example.org" });
 *   // "otpauth://totp/Mail%20Helper:anna%40example.org?issuer=Mail%20Helper&secret=…&algorithm=SHA1&digits=6&period=30"
 */
export function totpUri({ secret, account, issuer = "Mail Helper" }: { secret: string; account: string; issuer?: string }): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: DIGITS, period: PERIOD_SECONDS }).toString();
}

/**
 * The number of the 30 s step that `now` (milliseconds since the epoch) falls in.
 *
 * @example
 *   totpStep(59_000); // 1
 */
export function totpStep(now: number): number {
  return Math.floor(now / 1000 / PERIOD_SECONDS);
}

/**
 * Checks a code typed by the user. Accepts the current step or one either
 * side, but never a step at or before `lastUsedStep` (null: no code used yet).
 *
 * @example
 *   const result = verifyTotp({ secret, code: "287 082", lastUsedStep: user.totpLastStep });
 *   if (result.ok) await saveLastStep(user.id, result.step);
 */
export function verifyTotp({ secret, code, lastUsedStep, now = Date.now() }: { secret: string; code: string; lastUsedStep: number | null; now?: number }): TotpResult {
  const typed = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return { ok: false, reason: "invalid" };
  const key = Secret.fromBase32(secret);
  const current = totpStep(now);
  let acceptedStep: number | undefined;
  let matchedUsedStep = false;
  // Every step in the window is computed and compared, so timing says nothing about which one matched.
  for (let step = current - ALLOWED_DRIFT_STEPS; step <= current + ALLOWED_DRIFT_STEPS; step++) {
    if (!codesEqual(typed, codeForStep(key, step))) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) matchedUsedStep = true;
    else acceptedStep = step;
  }
  if (acceptedStep !== undefined) return { ok: true, step: acceptedStep };
  return { ok: false, reason: matchedUsedStep ? "reused" : "invalid" };
}

/**
 * The valid code at `now`. For tests, which need codes the way an
 * authenticator app shows them; the sign-in code only verifies.
 *
 * @example
 *   verifyTotp({ secret, code: currentTotpCode(secret, now), lastUsedStep: null, now }); // { ok: true, step }
 */
export function currentTotpCode(secret: string, now: number): string {
  return codeForStep(Secret.fromBase32(secret), totpStep(now));
}

function codeForStep(key: Secret, step: number): string {
  return HOTP.generate({ secret: key, algorithm: "SHA1", digits: DIGITS, counter: step });
}

function codesEqual(typed: string, expected: string): boolean {
  const a = Buffer.from(typed);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
