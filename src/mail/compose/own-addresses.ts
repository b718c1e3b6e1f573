/**
 * The user's own addresses and the accounts they can write from. An
 * account's address is its IMAP user name when that is an address (most
 * providers); the user's sign-in address counts as theirs too.
 */
import { decryptText } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { normalizeEmail } from "../../email-address.ts";

export interface SenderAccount {
  accountId: string;
  label: string;
  /** The IMAP user name when it is an address; null otherwise (the form shows the label only). */
  address: string | null;
}

export async function senderAccounts(sql: Sql, dataKey: SecretKey, userId: string): Promise<SenderAccount[]> {
  const rows = await sql<{ id: string; label: string; username: Uint8Array }[]>`
    select id, label, imap_username_encrypted as username from mail_accounts where user_id = ${userId} order by created_at`;
  return rows.map((row) => {
    const name = decryptText(dataKey, row.username, { owner: userId, purpose: `imap-username:${row.id}` });
    return { accountId: row.id, label: row.label, address: name.includes("@") ? name.trim() : null };
  });
}

/** Every address that is the user's: sign-in address and account addresses, normalised. */
export async function ownAddresses(sql: Sql, dataKey: SecretKey, userId: string): Promise<string[]> {
  const [[user], accounts] = await Promise.all([sql<{ email: string }[]>`select email from users where id = ${userId}`, senderAccounts(sql, dataKey, userId)]);
  return [...new Set([user?.email ?? "", ...accounts.map((account) => account.address ?? "")].filter((address) => address.includes("@")).map(normalizeEmail))];
}
