/**
 * The few fields of a calendar invitation the UI and analysis show (RFC 5545
 * / iTIP): a line-unfolding reader of the first VEVENT, not a full iCalendar
 * parser.
 */
import { decode } from "libmime/lib/charset";
import type { Attachment, StructuredHeader } from "mailparser";
import { MAX_ATTACHMENT_STORE_BYTES } from "../../limits.ts";
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

interface Property {
  name: string;
  params: Map<string, string>;
  value: string;
}

export function parseCalendar(source: string): CalendarInvite {
  const invite: CalendarInvite = { method: null, uid: null, summary: null, start: null, end: null, organizer: null };
  const components: string[] = [];
  let eventsSeen = 0;
  for (const line of source.replace(/\r?\n[ \t]/g, "").split(/\r?\n/)) {
    const property = readProperty(line);
    if (!property) continue;
    const { name, value } = property;
    if (name === "BEGIN") {
      components.push(value.toUpperCase());
      if (value.toUpperCase() === "VEVENT") eventsSeen++;
    } else if (name === "END") {
      components.pop();
    } else if (components.at(-1) === "VCALENDAR" && name === "METHOD") {
      invite.method = value.trim().toUpperCase() || null;
    } else if (components.at(-1) === "VEVENT" && eventsSeen === 1) {
      // Nested components (VALARM) have SUMMARY too: only the event's own count.
      if (name === "UID") invite.uid = value.trim() || null;
      else if (name === "SUMMARY") invite.summary = unescapeText(value) || null;
      else if (name === "DTSTART") invite.start = readTime(property);
      else if (name === "DTEND") invite.end = readTime(property);
      else if (name === "ORGANIZER") invite.organizer = value.replace(/^mailto:/i, "").trim() || null;
    }
  }
  return invite;
}

const NAME = /([A-Za-z0-9-]+)/y;
const PARAM = /;([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*/y;

/** `NAME;PARAM=value;PARAM="quoted: value":VALUE`; parameter values may hold ':' only when quoted. */
function readProperty(line: string): Property | null {
  NAME.lastIndex = 0;
  const name = NAME.exec(line)?.[1];
  if (!name) return null;
  const params = new Map<string, string>();
  let at = NAME.lastIndex;
  for (PARAM.lastIndex = at; line[at] === ";"; PARAM.lastIndex = at) {
    const param = PARAM.exec(line);
    if (!param) return null;
    params.set(param[1]!.toUpperCase(), param[2]!.replace(/^"|"$/g, ""));
    at = PARAM.lastIndex;
  }
  if (line[at] !== ":") return null;
  return { name: name.toUpperCase(), params, value: line.slice(at + 1) };
}

function unescapeText(value: string): string {
  return value.replace(/\\([nN,;\\])/g, (_, char: string) => (char === "n" || char === "N" ? "\n" : char)).trim();
}

/** DATE → "2025-03-14"; UTC or a known TZID → ISO in UTC; otherwise local time without offset. */
function readTime({ params, value }: Property): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, utc] = match as unknown as string[];
  if (hour === undefined) return `${year}-${month}-${day}`;
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const local = Date.UTC(...fields);
  if (Number.isNaN(local)) return null;
  if (utc) return new Date(local).toISOString();
  const zone = params.get("TZID")?.replace(/^\//, "");
  const offset = zone ? zoneOffset(zone, local) : null;
  if (offset === null) return new Date(local).toISOString().slice(0, 19);
  // Twice, so a time next to a DST change gets the offset in force at that time.
  return new Date(local - zoneOffset(zone!, local - offset)!).toISOString();
}

/** Offset of an IANA zone at `time` in ms, or null for a zone Intl does not know (e.g. Windows names). */
function zoneOffset(zone: string, time: number): number | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    return null;
  }
  const part = Object.fromEntries(format.formatToParts(time).map((entry) => [entry.type, Number(entry.value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!) - time;
}
