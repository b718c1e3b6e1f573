/**
 * The second factor: TOTP set-up and check, and one-time recovery codes.
 * The TOTP secret is stored encrypted with the user's data key; recovery
 * codes only as hashes. A TOTP code is accepted once: the accepted 30 s step
 * is recorded with a compare-and-set, so a replay (even a concurrent one) fails.
 */
import type { Services } from "../services.ts";
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { forgetAllTrustedDevices } from "./trusted-devices.ts";
import { audit } from "./audit.ts";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes.ts";
import { generateTotpSecret, totpUri, verifyTotp } from "./totp.ts";

const TOTP_BINDING = (userId: string) => ({ owner: userId, purpose: "totp-secret" });

/**
 * Starts (or restarts) set-up: a new secret, stored encrypted but not yet
 * enabled. Refused once a second factor is enabled.
 */
export async function beginTotpSetup(sql: Sql, dataKey: SecretKey, user: { id: string; email: string }): Promise<{ secret: string; uri: string } | undefined> {
  const secret = generateTotpSecret();
  const [row] = await sql`
    update users set totp_secret_encrypted = ${encrypt(dataKey, secret, TOTP_BINDING(user.id))}
    where id = ${user.id} and totp_enabled_at is null returning 1`;
  return row ? { secret, uri: totpUri({ secret, account: user.email }) } : undefined;
}

/** The pending secret again (the set-up page reloads without generating a new one). */
export async function pendingTotpSecret(sql: Sql, dataKey: SecretKey, user: { id: string; email: string }): Promise<{ secret: string; uri: string } | undefined> {
  const [row] = await sql<{ encrypted: Uint8Array | null }[]>`
    select totp_secret_encrypted as encrypted from users where id = ${user.id} and totp_enabled_at is null`;
  if (!row?.encrypted) return undefined;
  const secret = decryptText(dataKey, row.encrypted, TOTP_BINDING(user.id));
  return { secret, uri: totpUri({ secret, account: user.email }) };
}

async function acceptTotp(sql: Sql, dataKey: SecretKey, userId: string, code: string, enabled: boolean): Promise<boolean> {
  const [row] = await sql<{ encrypted: Uint8Array | null; lastStep: string }[]>`
    select totp_secret_encrypted as encrypted, totp_last_step::text as "lastStep" from users
    where id = ${userId} and (totp_enabled_at is not null) = ${enabled}`;
  if (!row?.encrypted) return false;
  const result = verifyTotp({ secret: decryptText(dataKey, row.encrypted, TOTP_BINDING(userId)), code, lastUsedStep: Number(row.lastStep) });
  if (!result.ok) return false;
  // Compare-and-set: of two requests with the same code, only one moves the step forward.
  const [accepted] = await sql`update users set totp_last_step = ${result.step} where id = ${userId} and totp_last_step < ${result.step} returning 1`;
  return Boolean(accepted);
}

/** Confirms set-up with a first code; returns the ten recovery codes to show once. */
export async function confirmTotpSetup(services: Services, dataKey: SecretKey, userId: string, code: string): Promise<string[] | undefined> {
  if (!(await acceptTotp(services.sql, dataKey, userId, code, false))) return undefined;
  return await services.sql.begin(async (tx) => {
    const [enabled] = await tx`update users set totp_enabled_at = now() where id = ${userId} and totp_enabled_at is null returning 1`;
    if (!enabled) return undefined;
    const codes = await replaceRecoveryCodes(tx as unknown as Sql, userId);
    // Browsers remembered under an earlier second factor are not trusted under the new one.
    await forgetAllTrustedDevices(tx, userId);
    await audit(tx, services.log, "user.second_factor_enabled", { actorId: userId, subjectId: userId });
    return codes;
  });
}

/** Checks a sign-in code: a TOTP code, or else a recovery code (used up by this). */
export async function checkSecondFactor(services: Services, dataKey: SecretKey, userId: string, input: string): Promise<"totp" | "recovery_code" | undefined> {
  const code = input.replace(/\s+/g, "");
  if (/^\d{6}$/.test(code)) return (await acceptTotp(services.sql, dataKey, userId, code, true)) ? "totp" : undefined;
  const recovery = normalizeRecoveryCode(input);
  if (!recovery) return undefined;
  const [used] = await services.sql<{ left: number }[]>`
    update recovery_codes set used_at = now()
    where user_id = ${userId} and code_hash = ${hashRecoveryCode(recovery)} and used_at is null
    returning (select count(*)::int - 1 from recovery_codes where user_id = ${userId} and used_at is null) as left`;
  if (!used) return undefined;
  await audit(services.sql, services.log, "user.recovery_code_used", { actorId: userId, subjectId: userId, detail: { codesLeft: used.left } });
  return "recovery_code";
}

/** New set of ten recovery codes; the old ones stop working. Returns them to show once. */
export async function replaceRecoveryCodes(sql: Sql, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await sql`delete from recovery_codes where user_id = ${userId}`;
  await sql`insert into recovery_codes ${sql(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code) })))}`;
  return codes;
}

export async function unusedRecoveryCodeCount(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from recovery_codes where user_id = ${userId} and used_at is null`;
  return row!.n;
}
