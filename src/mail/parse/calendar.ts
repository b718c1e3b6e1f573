/**
 * The few fields of a calendar invitation the analysis uses, kept with the
 * parsed message; read by the one iCalendar reader (../calendar.ts).
 */
import { decode } from "libmime/lib/charset";
import type { Attachment, StructuredHeader } from "mailparser";
import { MAX_ATTACHMENT_STORE_BYTES } from "../../limits.ts";
import { type EventTime, readCalendarFile } from "../calendar.ts";
import type { CalendarInvite } from "./types.ts";

/** The invitation in the first text/calendar part, or else the first .ics attachment. */
export function readCalendar(attachments: Attachment[]): CalendarInvite | null {
  const isIcs = (attachment: Attachment) => attachment.contentType === "application/ics" || /\.ics$/i.test(attachment.filename ?? "");
  const part = attachments.find((attachment) => attachment.contentType === "text/calendar") ?? attachments.find(isIcs);
  if (!part || part.size > MAX_ATTACHMENT_STORE_BYTES) return null;
  const contentType = part.headers.get("content-type") as StructuredHeader | undefined;
  const invite = parseCalendar(decode(part.content, contentType?.params?.charset || "utf-8"));
  return { ...invite, method: invite.method ?? contentType?.params?.method?.toUpperCase() ?? null };
}

/** The invitation's fields as the parse result stores them (types.ts): times as ISO strings. */
export function parseCalendar(source: string): CalendarInvite {
  const { method, event } = readCalendarFile(source);
  return {
    method,
    uid: event?.uid ?? null,
    summary: event?.summary ?? null,
    start: event?.start ? isoTime(event.start) : null,
    end: event?.end ? isoTime(event.end) : null,
    organizer: event?.organizer?.address ?? null,
  };
}

function isoTime(time: EventTime): string {
  if (time.kind === "instant") return time.at.toISOString();
  return time.kind === "date" ? time.date : time.local;
}
