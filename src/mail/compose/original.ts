/**
 * The message a reply or forward starts from, read for the compose form:
 * every address header (Reply-To too, which the message page does not
 * show), the Message-ID, the date, the text part (or the text of its HTML)
 * and its attachments.
 */
import { decryptText } from "../../crypto/aead.ts";
import type { Sql } from "../../db/connection.ts";
import { listAttachments, type AttachmentInfo } from "../../inbox/attachments.ts";
import { messageBinding, messagePart, type OwnMessage } from "../../inbox/message.ts";
import { textFromHtml } from "../parse/html-text.ts";
import type { MailAddress } from "../parse/types.ts";

export interface ComposeOriginal {
  id: string;
  accountId: string;
  subject: string;
  from: MailAddress[];
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: Date | null;
  text: string;
  attachments: AttachmentInfo[];
}

const addresses = (value: unknown): MailAddress[] => (Array.isArray(value) ? value.filter((entry): entry is MailAddress => typeof entry?.address === "string" && typeof entry?.name === "string") : []);

/** The stored header document's address fields, read defensively. */
async function addressHeaders(sql: Sql, message: OwnMessage): Promise<{ replyTo: MailAddress[] }> {
  const [row] = await sql<{ headers: Uint8Array }[]>`select headers_encrypted as headers from messages where id = ${message.id} and user_id = ${message.userId}`;
  if (!row) return { replyTo: [] };
  const document = JSON.parse(decryptText(message.dataKey, row.headers, messageBinding(message.userId, message.id, "message-headers"))) as Record<string, unknown>;
  return { replyTo: addresses(document.replyTo) };
}

export async function composeOriginal(sql: Sql, message: OwnMessage): Promise<ComposeOriginal> {
  const [{ replyTo }, text, attachments] = await Promise.all([addressHeaders(sql, message), messagePart(sql, message, "text"), listAttachments(sql, message)]);
  const body = text ?? (message.hasHtml ? (textFromHtml((await messagePart(sql, message, "html")) ?? "") ?? "") : "");
  const parsedDate = message.headers.date ? new Date(message.headers.date) : null;
  return {
    id: message.id,
    accountId: message.accountId,
    subject: message.headers.subject,
    from: message.headers.from,
    replyTo,
    to: message.headers.to,
    cc: message.headers.cc,
    date: parsedDate && !Number.isNaN(parsedDate.getTime()) ? parsedDate : (message.sentAt ?? message.receivedAt),
    text: body,
    // Inline parts (images of the HTML) are not forwarded as files.
    attachments: attachments.filter((attachment) => !attachment.inline),
  };
}
