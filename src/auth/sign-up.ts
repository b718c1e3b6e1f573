/**
 * Creating accounts: the very first one (it becomes the administrator), by
 * invitation afterwards, and the new password after an administrator's reset.
 */
import type { Services } from "../services.ts";
import { unwrapWithMaster } from "../crypto/data-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { audit } from "./audit.ts";
import { findOpenInvitation, markInvitationUsed } from "./invitations.ts";
import { checkPassword, type PasswordCheck } from "./password-policy.ts";
import { beginAttempt, failAttempt, succeedAttempt } from "./attempts.ts";
import { createSession, type SessionContext } from "./sessions.ts";
import { createUser, EmailTakenError, sealPassword, storePassword, type User } from "./users.ts";
import { normalizeEmail } from "../email-address.ts";

export type SignUpResult =
  | { ok: true; token: string; user: User }
  | { ok: false; reason: "invitation_invalid" | "invitation_required" | "email_mismatch" | "email_taken" }
  | { ok: false; reason: "weak_password"; check: Exclude<PasswordCheck, { ok: true }> }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

/** Taken while deciding whether this is the first user, so two first sign-ups cannot both become administrator. */
const FIRST_USER_LOCK = "mail-helper:first-user";

export async function isFirstUser(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ none: boolean }[]>`select not exists (select 1 from users) as none`;
  return row!.none;
}

/**
 * Signs up with an invitation token, or without one while there are no users.
 * The new session must set up a second factor before anything else.
 */
export async function signUp(services: Services, input: { token?: string; email: string; password: string; displayName?: string; timeZone?: string; context: SessionContext }): Promise<SignUpResult> {
  const { sql, keyring, config, log } = services;
  const subjects = { scope: "invitation" as const, address: input.context.clientAddress };
  const claim = await beginAttempt(services, subjects);
  if (!claim.allowed) return { ok: false, reason: "throttled", retryAfterMs: claim.retryAfterMs };
  const check = checkPassword(input.password, { email: input.email });
  if (!check.ok) return { ok: false, reason: "weak_password", check };

  const created = await sql.begin(async (tx): Promise<Exclude<SignUpResult, { ok: true }> | { ok: true; user: User; dataKey: SecretKey }> => {
    if (!input.token) {
      await tx`select pg_advisory_xact_lock(hashtext(${FIRST_USER_LOCK}))`;
      const [existing] = await tx`select 1 from users limit 1`;
      if (existing) return { ok: false, reason: "invitation_required" };
      const { user, dataKey } = await createUser(tx, keyring, { email: input.email, password: input.password, role: "admin", displayName: input.displayName, timeZone: input.timeZone });
      await audit(tx, log, "user.created", { actorId: user.id, subjectId: user.id, detail: { role: "admin", first: true } });
      return { ok: true, user, dataKey };
    }
    const invitation = await findOpenInvitation(tx, "signup", input.token);
    if (!invitation) return { ok: false, reason: "invitation_invalid" };
    if (invitation.email && invitation.email !== normalizeEmail(input.email)) return { ok: false, reason: "email_mismatch" };
    let created: { user: User; dataKey: SecretKey };
    try {
      // In a savepoint: a failed insert aborts the transaction, and postgres.js then fails the whole
      // begin() even though the error was caught here, so a taken address answered 500.
      created = await tx.savepoint((inner) =>
        createUser(inner, keyring, { email: input.email, password: input.password, role: invitation.role, displayName: input.displayName, timeZone: input.timeZone }),
      );
    } catch (error) {
      if (error instanceof EmailTakenError) return { ok: false, reason: "email_taken" };
      throw error;
    }
    const { user, dataKey } = created;
    if (!(await markInvitationUsed(tx, invitation.id, user.id))) throw new Error("invitation used concurrently");
    await audit(tx, log, "user.created", { actorId: user.id, subjectId: user.id, detail: { role: invitation.role, invitationId: invitation.id } });
    return { ok: true, user, dataKey };
  });

  if (!created.ok) {
    // A taken address counts like a wrong token: whoever holds an invitation cannot probe addresses quickly.
    if (created.reason === "invitation_invalid") failAttempt(services, claim, subjects, "unknown or used invitation");
    if (created.reason === "email_taken") failAttempt(services, claim, subjects, "address has an account");
    return created;
  }
  await succeedAttempt(services, subjects);
  const token = await createSession(sql, keyring, config, {
    userId: created.user.id,
    stage: "setup_second_factor",
    dataKey: created.user.keyMode === "strict" ? created.dataKey : undefined,
    context: input.context,
  });
  return { ok: true, token, user: created.user };
}

/**
 * Sets a new password with a reset link an administrator issued. The
 * administrator's reset already wiped the old data and made a new data key,
 * wrapped by the master key; here it gets wrapped by the new password.
 */
export async function completePasswordReset(
  services: Services,
  input: { token: string; password: string; context: SessionContext },
): Promise<{ ok: true; token: string } | Exclude<SignUpResult, { ok: true }>> {
  const { sql, keyring, config, log } = services;
  const subjects = { scope: "invitation" as const, address: input.context.clientAddress };
  const claim = await beginAttempt(services, subjects);
  if (!claim.allowed) return { ok: false, reason: "throttled", retryAfterMs: claim.retryAfterMs };
  const invitation = await findOpenInvitation(sql, "password_reset", input.token);
  if (!invitation?.userId) {
    failAttempt(services, claim, subjects, "unknown or used password reset");
    return { ok: false, reason: "invitation_invalid" };
  }
  const userId = invitation.userId;
  const [user] = await sql<{ email: string; wrapped: Uint8Array; keyId: string }[]>`
    select email, dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where id = ${userId}`;
  if (!user?.wrapped) return { ok: false, reason: "invitation_invalid" };
  const check = checkPassword(input.password, { email: user.email });
  if (!check.ok) return { ok: false, reason: "weak_password", check };
  const dataKey = unwrapWithMaster({ wrapped: user.wrapped, keyId: user.keyId }, keyring, userId);
  const sealed = await sealPassword(dataKey, input.password, userId);
  const done = await sql.begin(async (tx) => {
    if (!(await markInvitationUsed(tx, invitation.id, userId))) return false;
    await storePassword(tx, userId, sealed);
    return true;
  });
  if (!done) return { ok: false, reason: "invitation_invalid" };
  await succeedAttempt(services, subjects);
  log.info("password set after administrator reset", { userId });
  const token = await createSession(sql, keyring, config, { userId, stage: "setup_second_factor", context: input.context });
  return { ok: true, token };
}
