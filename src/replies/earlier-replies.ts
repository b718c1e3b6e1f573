/**
 * What the user wrote to a sender before: their messages in the account's
 * Sent folders addressed to that address (plus tags and case folded), the
 * newest first. The headers are encrypted, so the newest sent messages are
 * read and matched here; only the few that match have their text opened.
 */
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { messageBinding, readHeaders } from "../inbox/message.ts";
import type { EarlierReply } from "./address-form.ts";
import { comparableAddress } from "./auto-reply-guard.ts";

/** How many of the newest sent messages are searched: enough for months of mail, cheap to decrypt (headers only). */
export const EARLIER_REPLIES_SEARCHED = 300;
/** The form is read from the newest few; older habits count little. */
export const EARLIER_REPLIES_READ = 3;

/** The user's latest messages to `address` (any account), with their texts; at most EARLIER_REPLIES_READ. */
export async function earlierRepliesTo(sql: Sql, dataKey: SecretKey, userId: string, address: string): Promise<(EarlierReply & { messageId: string })[]> {
  const wanted = comparableAddress(address);
  if (!wanted.includes("@")) return [];
  const rows = await sql<{ id: string; sentAt: Date | null; headers: Uint8Array }[]>`
    select m.id, coalesce(m.sent_at, m.created_at) as "sentAt", m.headers_encrypted as headers from messages m
    where m.user_id = ${userId} and m.orphaned_at is null and m.text_encrypted is not null
      and exists (select 1 from message_copies c join folders f on f.id = c.folder_id where c.message_id = m.id and f.special_use = 'sent')
    order by coalesce(m.sent_at, m.created_at) desc limit ${EARLIER_REPLIES_SEARCHED}`;
  const matching = rows
    .filter((row) => {
      const headers = readHeaders(decryptText(dataKey, row.headers, messageBinding(userId, row.id, "message-headers")));
      return [...headers.to, ...headers.cc].some((entry) => comparableAddress(entry.address) === wanted);
    })
    .slice(0, EARLIER_REPLIES_READ);
  if (matching.length === 0) return [];
  const texts = await sql<{ id: string; text: Uint8Array }[]>`
    select id, text_encrypted as text from messages where user_id = ${userId} and id = any(${matching.map((row) => row.id)}::uuid[])`;
  const byId = new Map(texts.map((row) => [row.id, decryptText(dataKey, row.text, messageBinding(userId, row.id, "message-text"))]));
  return matching.map((row) => ({ messageId: row.id, sentAt: row.sentAt, text: byId.get(row.id) ?? "" }));
}
