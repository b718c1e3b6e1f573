/**
 * The calendar invitation a message carries, for the box on the message
 * page: read from its stored text/calendar part (or .ics attachment), so
 * messages synced before this existed show it too.
 */
import type { Sql } from "../db/connection.ts";
import { type CalendarEvent, MAX_CALENDAR_CHARS, readCalendarFile } from "../mail/calendar.ts";
import { attachmentContent, type AttachmentInfo } from "./attachments.ts";
import type { OwnMessage } from "./message.ts";

export interface MessageCalendarEvent {
  method: string | null;
  event: CalendarEvent;
  /** The attachment holding the file, for the .ics download. */
  attachmentId: string;
}

const isCalendarFile = (attachment: AttachmentInfo) => attachment.contentType === "text/calendar" || attachment.contentType === "application/ics" || /\.ics$/i.test(attachment.filename ?? "");

/** The first event of the message's first stored calendar file; null when it has none (no query then). */
export async function messageCalendarEvent(sql: Sql, message: OwnMessage, attachments: AttachmentInfo[]): Promise<MessageCalendarEvent | null> {
  const part = attachments.find((attachment) => attachment.stored && attachment.size <= MAX_CALENDAR_CHARS * 4 && isCalendarFile(attachment));
  if (!part) return null;
  const loaded = await attachmentContent(sql, message, part.id);
  if (!loaded?.content) return null;
  // iCalendar is UTF-8 (RFC 5545 3.1.4); a stray byte becomes U+FFFD rather than failing the page.
  const { method, event } = readCalendarFile(new TextDecoder("utf-8").decode(loaded.content));
  return event ? { method, event, attachmentId: part.id } : null;
}
