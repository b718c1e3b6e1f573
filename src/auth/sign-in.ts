/**
 * The password step of signing in. The second factor follows in
 * second-factor.ts; only then is the session `full`.
 */
import type { Services } from "../services.ts";
import { unwrapWithPassword } from "../crypto/data-key.ts";
import { findUserForSignIn, type User } from "./users.ts";
import { normalizeEmail } from "../email-address.ts";
import { spendPasswordCheck, verifyPassword } from "./passwords.ts";
import { beginAttempt, failAttempt, succeedAttempt } from "./attempts.ts";
import { deviceCookieKey, knownDevice } from "./device-cookie.ts";
import { isTrustedDevice } from "./trusted-devices.ts";
import { createSession, type SessionContext } from "./sessions.ts";

export type SignInResult =
  | { ok: true; token: string; user: User; stage: "second_factor" | "setup_second_factor" | "full"; persistent: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

export async function signInWithPassword(
  services: Services,
  input: { email: string; password: string; context: SessionContext; persistent?: boolean; deviceCookie?: string; trustedDeviceToken?: string },
): Promise<SignInResult> {
  const { sql, config, keyring, log } = services;
  const user = await findUserForSignIn(sql, input.email);
  // Unknown emails are throttled like accounts, so probing for accounts is as slow as guessing passwords.
  const device = user ? knownDevice(deviceCookieKey(services), user.id, input.deviceCookie) : undefined;
  const subjects = { scope: "signin" as const, account: user?.id ?? `email:${normalizeEmail(input.email)}`, address: input.context.clientAddress, device };
  const claim = await beginAttempt(services, subjects, user?.id);
  if (!claim.allowed) return { ok: false, reason: "throttled", retryAfterMs: claim.retryAfterMs };
  const passwordOk = user ? await verifyPassword(input.password, user.passwordHash) : await spendPasswordCheck(input.password);
  // A disabled account answers like a wrong password, and its attempt stays counted: otherwise the
  // answer would tell a guesser that the password is right.
  if (!user || !passwordOk || user.status !== "active") {
    failAttempt(services, claim, subjects, !user ? "unknown account" : !passwordOk ? "wrong password" : "account disabled", user?.id);
    return { ok: false, reason: "invalid" };
  }
  await succeedAttempt(services, subjects);
  // Strict mode: the password is the only way to the data key; the session keeps it from now on.
  const dataKey = user.keyMode === "strict" ? await unwrapWithPassword(await passwordWrap(services, user.id), input.password, user.id) : undefined;
  // A browser the user had remembered after the second factor (trusted-devices.ts) is not asked for it again.
  const trusted = user.totpEnabled && (await isTrustedDevice(sql, user.id, input.trustedDeviceToken));
  const stage = trusted ? "full" : user.totpEnabled ? "second_factor" : "setup_second_factor";
  const persistent = input.persistent ?? false;
  const token = await createSession(sql, keyring, config, { userId: user.id, stage, dataKey, context: input.context, persistent });
  log.info("password accepted", { userId: user.id, stage, trustedDevice: trusted });
  const { passwordHash: _hash, ...profile } = user;
  return { ok: true, token, user: profile, stage, persistent };
}

export async function passwordWrap(services: Services, userId: string) {
  const [row] = await services.sql<{ wrapped: Uint8Array; salt: Uint8Array; params: string }[]>`
    select dek_password_wrapped as wrapped, dek_kdf_salt as salt, dek_kdf_params as params from users where id = ${userId}`;
  if (!row) throw new Error("no such user");
  return row;
}
