/**
 * Deleting everything of a user's that is encrypted with their data key.
 * Used when an administrator resets a password: without the old password the
 * old key is gone, so the data it protects is unreadable and is removed.
 *
 * Every table that stores data encrypted with a user's data key must be
 * listed here (later issues add mail accounts, messages, analyses…).
 */
import type { TransactionSql } from "postgres";

export async function wipeEncryptedData(tx: TransactionSql, userId: string): Promise<void> {
  // Mail accounts take their folders, messages, copies and attachments with them (on delete cascade).
  await tx`delete from mail_accounts where user_id = ${userId}`;
  await tx`delete from sessions where user_id = ${userId}`;
  await tx`delete from recovery_codes where user_id = ${userId}`;
  await tx`delete from trusted_devices where user_id = ${userId}`;
  await tx`update users set totp_secret_encrypted = null, totp_enabled_at = null, totp_last_step = 0 where id = ${userId}`;
}
