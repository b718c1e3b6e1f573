/**
 * The per-sender "always load remote content" choice. The sender is kept as
 * an HMAC of the normalised address under a key derived from the user's
 * data key, so the table can be matched but not read.
 *
 * A From address can be forged: the choice says "this sender's mail may
 * fetch images", which a forger could use to learn that the mail was read;
 * it never lets a message run code.
 */
import { deriveKey, hmac } from "../../crypto/hmac.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";

export const REMOTE_CONTENT_SENDER_PURPOSE = "remote-content-sender";

/** "  Anna@Example.ORG " → "anna@example.org". */
export function normaliseSender(address: string): string {
  return address.trim().toLowerCase();
}

export function senderHash(dataKey: SecretKey, address: string): Buffer {
  return hmac(deriveKey(dataKey, REMOTE_CONTENT_SENDER_PURPOSE), normaliseSender(address));
}

export async function isSenderTrusted(sql: Sql, dataKey: SecretKey, userId: string, address: string | undefined): Promise<boolean> {
  if (!address?.trim()) return false;
  const [row] = await sql`select 1 from remote_content_senders where user_id = ${userId} and sender_hash = ${senderHash(dataKey, address)}`;
  return row !== undefined;
}

export async function setSenderTrusted(sql: Sql, dataKey: SecretKey, userId: string, address: string, trusted: boolean): Promise<void> {
  const hash = senderHash(dataKey, address);
  if (trusted) await sql`insert into remote_content_senders (user_id, sender_hash) values (${userId}, ${hash}) on conflict do nothing`;
  else await sql`delete from remote_content_senders where user_id = ${userId} and sender_hash = ${hash}`;
}
