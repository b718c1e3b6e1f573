/**
 * The newsletter overview: the user's newsletter senders by volume, with
 * how many of their messages were opened, the last date, and the user's
 * choices (unsubscribed, always archive). A sender is known by its pattern
 * (messages.sender_hash, the sender encrypted in sender_patterns).
 */
import { senderBinding } from "../analysis/sender-patterns.ts";
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";

export interface NewsletterSender {
  /** The pattern's key (hex), for the choices' forms. */
  key: string;
  sender: string;
  messages: number;
  opened: number;
  last: Date;
  /** The newest message, whose List-Unsubscribe is used. */
  latestMessageId: string;
  unsubscribedAt: Date | null;
  alwaysArchive: boolean;
}

/** Senders shown: more would be a long page nobody reads to the end. */
export const MAX_NEWSLETTER_SENDERS = 200;

export async function newsletterSenders(sql: Sql, dataKey: SecretKey, userId: string): Promise<NewsletterSender[]> {
  const rows = await sql<{ hash: Buffer; sender: Uint8Array; messages: number; opened: number; last: Date; latestMessageId: string; unsubscribedAt: Date | null; alwaysArchive: boolean }[]>`
    select m.sender_hash as hash, p.sender_encrypted as sender, count(*)::int as messages, (count(*) filter (where m.seen))::int as opened,
           max(m.list_date) as last, (array_agg(m.id order by m.list_date desc))[1] as "latestMessageId",
           p.unsubscribed_at as "unsubscribedAt", p.always_archive as "alwaysArchive"
    from messages m
    join analyses a on a.message_id = m.id and a.user_id = m.user_id and a.newsletter
    join sender_patterns p on p.user_id = m.user_id and p.sender_hash = m.sender_hash
    where m.user_id = ${userId} and m.orphaned_at is null
    group by m.sender_hash, p.sender_encrypted, p.unsubscribed_at, p.always_archive
    order by messages desc, last desc
    limit ${MAX_NEWSLETTER_SENDERS}`;
  return rows.map((row) => ({
    key: Buffer.from(row.hash).toString("hex"),
    sender: decryptText(dataKey, row.sender, senderBinding(userId, Buffer.from(row.hash))),
    messages: row.messages,
    opened: row.opened,
    last: row.last,
    latestMessageId: row.latestMessageId,
    unsubscribedAt: row.unsubscribedAt,
    alwaysArchive: row.alwaysArchive,
  }));
}

/** "Always archive" for one of the user's senders (by its key); false when the key names none of theirs. */
export async function setAlwaysArchive(sql: Sql, userId: string, key: string, on: boolean): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(key)) return false;
  const rows = await sql`update sender_patterns set always_archive = ${on} where user_id = ${userId} and sender_hash = ${Buffer.from(key, "hex")} returning 1`;
  return rows.length > 0;
}
