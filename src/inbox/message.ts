/**
 * One message of the user, as the message page reads it. Another user's id,
 * a malformed id and a message that is gone (no server copy left:
 * `orphaned_at`) are all not found alike; the route answers 404 for each
 * (`ownMessage` in src/http/request.ts).
 */
import { isUuid } from "../ids.ts";
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { MailAddress } from "../mail/parse/types.ts";

export interface MessageHeaders {
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: string | null;
}

export interface OwnMessage {
  id: string;
  userId: string;
  accountId: string;
  threadId: string;
  sentAt: Date | null;
  receivedAt: Date | null;
  seen: boolean;
  flagged: boolean;
  doneAt: Date | null;
  /** Hidden from the open list until then (src/mail/actions/snooze.ts). */
  snoozedUntil: Date | null;
  hasHtml: boolean;
  hasText: boolean;
  /** The stored text or HTML was cut at its limit (MAX_TEXT_CHARS, MAX_HTML_CHARS): the page says so. */
  truncated: boolean;
  headers: MessageHeaders;
  dataKey: SecretKey;
}

export type StoredMessage = Omit<OwnMessage, "headers" | "dataKey"> & { headersEncrypted: Uint8Array };

const addresses = (value: unknown): MailAddress[] => (Array.isArray(value) ? value.filter((entry): entry is MailAddress => typeof entry?.address === "string" && typeof entry?.name === "string") : []);

/** The header document as stored (src/mail/sync/store.ts), read defensively: only the fields shown. */
export function readHeaders(json: string): MessageHeaders {
  const document = JSON.parse(json) as Record<string, unknown>;
  return {
    subject: typeof document.subject === "string" ? document.subject : "",
    from: addresses(document.from),
    to: addresses(document.to),
    cc: addresses(document.cc),
    date: typeof document.date === "string" ? document.date : null,
  };
}

export const messageBinding = (userId: string, messageId: string, purpose: "message-headers" | "message-text" | "message-html") => ({ owner: userId, purpose: `${purpose}:${messageId}` });

/** The user's live message with its headers still encrypted; undefined when it is not theirs, malformed or gone. */
export async function findMessage(sql: Sql, userId: string, messageId: string): Promise<StoredMessage | undefined> {
  if (!isUuid(messageId)) return undefined;
  const [row] = await sql<StoredMessage[]>`
    select id, user_id as "userId", account_id as "accountId", thread_id as "threadId", sent_at as "sentAt", received_at as "receivedAt",
           seen, flagged, done_at as "doneAt", snoozed_until as "snoozedUntil", html_encrypted is not null as "hasHtml", text_encrypted is not null as "hasText",
           parse_problems && array['text_truncated', 'html_truncated'] as truncated, headers_encrypted as "headersEncrypted"
    from messages where id = ${messageId} and user_id = ${userId} and orphaned_at is null`;
  return row;
}

/**
 * The found message with its headers decrypted. A separate step so the
 * caller opens the data key only for a message that is the user's: an
 * unknown id answers "not found" even for a session that lost its key.
 */
export function openMessage(stored: StoredMessage, dataKey: SecretKey): OwnMessage {
  const { headersEncrypted, ...message } = stored;
  return { ...message, headers: readHeaders(decryptText(dataKey, headersEncrypted, messageBinding(stored.userId, stored.id, "message-headers"))), dataKey };
}

/** Whether the id names a live message of the user's (the same rule as `findMessage`, without reading it). */
export async function isOwnMessage(sql: Sql, userId: string, messageId: string): Promise<boolean> {
  if (!isUuid(messageId)) return false;
  const [row] = await sql`select id from messages where id = ${messageId} and user_id = ${userId} and orphaned_at is null`;
  return row !== undefined;
}

/** The message's HTML or text part, decrypted; null when it has none. */
export async function messagePart(sql: Sql, message: OwnMessage, part: "html" | "text"): Promise<string | null> {
  const [row] =
    part === "html"
      ? await sql<{ value: Uint8Array | null }[]>`select html_encrypted as value from messages where id = ${message.id} and user_id = ${message.userId}`
      : await sql<{ value: Uint8Array | null }[]>`select text_encrypted as value from messages where id = ${message.id} and user_id = ${message.userId}`;
  if (!row?.value) return null;
  return decryptText(message.dataKey, row.value, messageBinding(message.userId, message.id, part === "html" ? "message-html" : "message-text"));
}
