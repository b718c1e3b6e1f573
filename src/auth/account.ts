/**
 * What users change about their own sign-in: password and key mode. Both
 * need the current password (throttled like sign-in), and both only re-wrap
 * the data key: no data is re-encrypted.
 */
import type { Services } from "../services.ts";
import { unwrapWithPassword, wrapWithMaster } from "../crypto/data-key.ts";
import { audit } from "./audit.ts";
import { checkPassword, type PasswordCheck } from "./password-policy.ts";
import { verifyPassword } from "./passwords.ts";
import { beginAttempt, failAttempt, succeedAttempt } from "./attempts.ts";
import { passwordWrap } from "./sign-in.ts";
import { endOtherSessions, replaceSession, type Session, type SessionContext } from "./sessions.ts";
import { forgetAllTrustedDevices } from "./trusted-devices.ts";
import { sealPassword, storePassword, type KeyMode, type User } from "./users.ts";

export type ReauthFailure = { ok: false; reason: "wrong_password" } | { ok: false; reason: "throttled"; retryAfterMs: number };

/** Checks the current password under the password_change throttle. */
export async function confirmPassword(services: Services, user: User, password: string, address: string): Promise<{ ok: true } | ReauthFailure> {
  const subjects = { scope: "password_change" as const, account: user.id, address };
  const claim = await beginAttempt(services, subjects, user.id);
  if (!claim.allowed) return { ok: false, reason: "throttled", retryAfterMs: claim.retryAfterMs };
  const [row] = await services.sql<{ hash: string }[]>`select password_hash as hash from users where id = ${user.id}`;
  if (!row || !(await verifyPassword(password, row.hash))) {
    failAttempt(services, claim, subjects, "wrong current password", user.id);
    return { ok: false, reason: "wrong_password" };
  }
  await succeedAttempt(services, subjects);
  return { ok: true };
}

/**
 * Changes the password: re-wraps the data key, ends every other session and
 * replaces the current one (a new session id at a privilege change).
 * Returns the new session token.
 */
export async function changePassword(
  services: Services,
  input: { user: User; session: Session; current: string; next: string; context: SessionContext },
): Promise<{ ok: true; token: string } | ReauthFailure | { ok: false; reason: "weak_password"; check: Exclude<PasswordCheck, { ok: true }> }> {
  const { sql, keyring, config, log } = services;
  const confirmed = await confirmPassword(services, input.user, input.current, input.context.clientAddress);
  if (!confirmed.ok) return confirmed;
  const check = checkPassword(input.next, { email: input.user.email });
  if (!check.ok) return { ok: false, reason: "weak_password", check };
  const userId = input.user.id;
  const dataKey = await unwrapWithPassword(await passwordWrap(services, userId), input.current, userId);
  await storePassword(sql, userId, await sealPassword(dataKey, input.next, userId));
  const ended = await endOtherSessions(sql, userId, input.session.id);
  // A remembered browser skips the second factor: after a password change, none is remembered any more.
  await forgetAllTrustedDevices(sql, userId);
  const token = await replaceSession(sql, keyring, config, input.session, {
    stage: "full",
    dataKey: input.user.keyMode === "strict" ? dataKey : undefined,
    context: input.context,
  });
  await audit(sql, log, "user.password_changed", { actorId: userId, subjectId: userId, detail: { otherSessionsEnded: ended } });
  return { ok: true, token };
}

/**
 * Switches between background mode (the master key also wraps the data key)
 * and strict mode (only live sessions hold it). Going strict ends the other
 * sessions: they hold no key of their own. Returns the new session token.
 */
export async function changeKeyMode(
  services: Services,
  input: { user: User; session: Session; mode: KeyMode; password: string; context: SessionContext },
): Promise<{ ok: true; token: string } | ReauthFailure> {
  const { sql, keyring, config, log } = services;
  const confirmed = await confirmPassword(services, input.user, input.password, input.context.clientAddress);
  if (!confirmed.ok) return confirmed;
  const userId = input.user.id;
  const dataKey = await unwrapWithPassword(await passwordWrap(services, userId), input.password, userId);
  if (input.mode === "background") {
    const wrap = wrapWithMaster(dataKey, keyring, userId);
    await sql`update users set key_mode = 'background', dek_master_wrapped = ${wrap.wrapped}, dek_master_key_id = ${wrap.keyId} where id = ${userId}`;
    await sql`update sessions set dek_wrapped = null, dek_key_id = null where user_id = ${userId}`;
  } else {
    await sql`update users set key_mode = 'strict', dek_master_wrapped = null, dek_master_key_id = null where id = ${userId}`;
    await endOtherSessions(sql, userId, input.session.id);
  }
  const token = await replaceSession(sql, keyring, config, input.session, {
    stage: "full",
    dataKey: input.mode === "strict" ? dataKey : undefined,
    context: input.context,
  });
  await audit(sql, log, "user.key_mode_changed", { actorId: userId, subjectId: userId, detail: { mode: input.mode } });
  return { ok: true, token };
}
