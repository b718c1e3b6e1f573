/**
 * A message's HTML as it may be shown: sanitised on the server, `cid:`
 * images embedded as data: URLs, remote images kept only when allowed. The
 * message page's frame and the API's body resource both serve this, never
 * the raw HTML.
 */
import type { Sql } from "../db/connection.ts";
import { sanitizeMailHtml, type SanitizedHtml } from "../mail/render/sanitize.ts";
import { inlineImages, listAttachments, type AttachmentInfo } from "./attachments.ts";
import { messagePart, type OwnMessage } from "./message.ts";

/** Sanitised HTML of the message (empty when it has none); pass its attachments when already read, to save a query. */
export async function renderMessageHtml(sql: Sql, message: OwnMessage, allowRemote: boolean, attachments?: AttachmentInfo[]): Promise<SanitizedHtml> {
  const html = (await messagePart(sql, message, "html")) ?? "";
  const images = /cid:/i.test(html) ? await inlineImages(sql, message, attachments ?? (await listAttachments(sql, message))) : new Map<string, string>();
  return sanitizeMailHtml(html, { allowRemote, inlineImages: images });
}
