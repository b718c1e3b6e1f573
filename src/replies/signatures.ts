/**
 * The user's signature per mail account (`account_signatures`, 0052),
 * encrypted with the user's data key: what the user writes under a reply
 * is the user's own text like any other. Every query is scoped by the user;
 * another user's account reads and writes nothing.
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";

/** A signature is a few lines; a longer text is a letter and has no place under every reply. */
export const MAX_SIGNATURE_CHARS = 2000;

const binding = (userId: string, accountId: string) => ({ owner: userId, purpose: `account-signature:${accountId}` });

export interface AccountSignature {
  accountId: string;
  label: string;
  /** "" when none is set. */
  signature: string;
}

/** Every account of the user with its signature ("" when none). */
export async function listSignatures(sql: Sql, dataKey: SecretKey, userId: string): Promise<AccountSignature[]> {
  const rows = await sql<{ accountId: string; label: string; signature: Uint8Array | null }[]>`
    select a.id as "accountId", a.label, s.signature_encrypted as signature
    from mail_accounts a left join account_signatures s on s.account_id = a.id and s.user_id = a.user_id
    where a.user_id = ${userId} order by a.created_at, a.id`;
  return rows.map((row) => ({ accountId: row.accountId, label: row.label, signature: row.signature ? decryptText(dataKey, row.signature, binding(userId, row.accountId)) : "" }));
}

/** The account's signature; null when none is set or the account is not the user's. */
export async function accountSignature(sql: Sql, dataKey: SecretKey, userId: string, accountId: string): Promise<string | null> {
  if (!isUuid(accountId)) return null;
  const [row] = await sql<{ signature: Uint8Array }[]>`
    select signature_encrypted as signature from account_signatures where account_id = ${accountId} and user_id = ${userId}`;
  return row ? decryptText(dataKey, row.signature, binding(userId, accountId)) || null : null;
}

/**
 * Sets (or, with an empty text, removes) the account's signature; false
 * when the account is not the user's (the caller answers 404).
 *
 * @example
 *   await saveSignature(sql, dataKey, userId, accountId, "Max Muster\nTel. 030 123456");
 */
export async function saveSignature(sql: Sql, dataKey: SecretKey, userId: string, accountId: string, signature: string): Promise<boolean> {
  if (!isUuid(accountId)) return false;
  const [account] = await sql`select id from mail_accounts where id = ${accountId} and user_id = ${userId}`;
  if (!account) return false;
  const text = signature.replace(/\r\n?/g, "\n").trim().slice(0, MAX_SIGNATURE_CHARS);
  if (!text) {
    await sql`delete from account_signatures where account_id = ${accountId} and user_id = ${userId}`;
    return true;
  }
  const encrypted = encrypt(dataKey, text, binding(userId, accountId));
  await sql`
    insert into account_signatures (account_id, user_id, signature_encrypted) values (${accountId}, ${userId}, ${encrypted})
    on conflict (account_id) do update set signature_encrypted = excluded.signature_encrypted, updated_at = now()
    where account_signatures.user_id = ${userId}`;
  return true;
}
