/**
 * The event of a calendar invitation (RFC 5545 iCalendar, iTIP methods of
 * RFC 5546) as the message page shows it: title, start and end, place,
 * organiser. A small reader of the first VEVENT, not a full iCalendar
 * implementation: lines are unfolded, parameters read with quoting, text
 * unescaped; times are UTC, a named zone (IANA, or the Windows names
 * Outlook writes), floating, or a date alone. Everything comes from mail,
 * so input is bounded and anything odd gives null rather than a guess.
 *
 * @example
 *   const { method, event } = readCalendarFile(icsText);
 *   if (event?.start?.kind === "instant") console.log(event.start.at.toISOString());
 */

/** Invitations are a few kB; beyond this a file is not read (Outlook's largest with many time zones stay under 100 kB). */
export const MAX_CALENDAR_CHARS = 1_000_000;
/** Title and place are shown in one line each: longer text is cut. */
const MAX_TEXT_CHARS = 500;
/** VCALENDAR › VEVENT › VALARM is three deep; anything deeper than this is not an invitation. */
const MAX_DEPTH = 8;

export type EventTime =
  /** A moment: written in UTC or in a zone this server knows. */
  | { kind: "instant"; at: Date }
  /** A day (all-day events), "2026-03-14". */
  | { kind: "date"; date: string }
  /** A wall-clock time, "2026-03-14T10:00:00", in `zone` (a name this server does not know) or in no zone at all. */
  | { kind: "floating"; local: string; zone: string | null };

export interface CalendarEvent {
  uid: string | null;
  summary: string | null;
  location: string | null;
  start: EventTime | null;
  /** From DTEND, or from DTSTART plus DURATION. For dates, the day after the last (RFC 5545's exclusive end). */
  end: EventTime | null;
  organizer: { name: string | null; address: string | null } | null;
  /** STATUS: CONFIRMED, TENTATIVE, CANCELLED. */
  status: string | null;
}

export interface CalendarFile {
  /** The iTIP method: REQUEST, CANCEL, REPLY, PUBLISH…; null when the file names none. */
  method: string | null;
  /** The first VEVENT; null when there is none. */
  event: CalendarEvent | null;
}

interface Property {
  name: string;
  params: Map<string, string>;
  value: string;
}

/** Reads the method and the first event of an iCalendar text. */
export function readCalendarFile(source: string): CalendarFile {
  const file: CalendarFile = { method: null, event: null };
  const components: string[] = [];
  let event: CalendarEvent | null = null;
  const eventProps: Property[] = [];
  let eventsSeen = 0;
  // Unfold: a line break followed by one space or tab continues the line (CRLF by the standard, LF in practice).
  for (const line of source
    .slice(0, MAX_CALENDAR_CHARS)
    .replace(/\r?\n[ \t]/g, "")
    .split(/\r?\n|\r/)) {
    const property = readProperty(line);
    if (!property) continue;
    const { name, value } = property;
    if (name === "BEGIN") {
      if (components.length >= MAX_DEPTH) break;
      const component = value.trim().toUpperCase();
      components.push(component);
      if (component === "VEVENT" && components.length === 2 && components[0] === "VCALENDAR" && ++eventsSeen === 1) {
        event = { uid: null, summary: null, location: null, start: null, end: null, organizer: null, status: null };
      }
    } else if (name === "END") {
      if (components.pop() === "VEVENT" && event) {
        file.event = completeEvent(event, eventProps);
        event = null;
      }
    } else if (components.length === 1 && components[0] === "VCALENDAR" && name === "METHOD") {
      file.method = token(value);
    } else if (event && components.length === 2 && components[1] === "VEVENT") {
      // Only the event's own properties: a VALARM inside it has a SUMMARY and a DESCRIPTION too.
      eventProps.push(property);
    }
  }
  // A file cut off inside its event still shows what it had.
  if (event) file.event = completeEvent(event, eventProps);
  return file;
}

function completeEvent(event: CalendarEvent, properties: Property[]): CalendarEvent {
  let duration: Duration | null = null;
  for (const property of properties) {
    const { name, value, params } = property;
    if (name === "UID") event.uid ??= clean(value, MAX_TEXT_CHARS);
    else if (name === "SUMMARY") event.summary ??= text(value);
    else if (name === "LOCATION") event.location ??= text(value);
    else if (name === "STATUS") event.status ??= token(value);
    else if (name === "DTSTART") event.start ??= readTime(property);
    else if (name === "DTEND") event.end ??= readTime(property);
    else if (name === "DURATION") duration ??= readDuration(value);
    else if (name === "ORGANIZER" && !event.organizer) {
      const address = /^mailto:([^\s@<>"]+@[^\s@<>"]+)$/i.exec(value.trim())?.[1] ?? null;
      const name = params.get("CN") ? clean(params.get("CN")!, MAX_TEXT_CHARS) : null;
      event.organizer = address || name ? { name, address } : null;
    }
  }
  if (!event.end && duration && event.start) event.end = addDuration(event.start, duration);
  return event;
}

const NAME = /([A-Za-z0-9-]+)/y;
const PARAM = /;([A-Za-z0-9-]+)=("[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*/y;

/** `NAME;PARAM=value;PARAM="quoted: value":VALUE`; a parameter value holds ':' or ';' only when quoted. */
function readProperty(line: string): Property | null {
  NAME.lastIndex = 0;
  const name = NAME.exec(line)?.[1];
  if (!name) return null;
  const params = new Map<string, string>();
  let at = NAME.lastIndex;
  for (PARAM.lastIndex = at; line[at] === ";"; PARAM.lastIndex = at) {
    const param = PARAM.exec(line);
    if (!param) return null;
    const paramName = param[1]!.toUpperCase();
    if (!params.has(paramName)) params.set(paramName, param[2]!.replace(/^"|"$/g, ""));
    at = PARAM.lastIndex;
  }
  if (line[at] !== ":") return null;
  return { name: name.toUpperCase(), params, value: line.slice(at + 1) };
}

/** Controls (but line breaks and tabs) and the bidirectional overrides that could make text read differently than it is. */
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

function clean(value: string, max: number): string | null {
  const cleaned = value.replace(UNSAFE_CHARS, "").trim();
  return cleaned ? cleaned.slice(0, max) : null;
}

/** TEXT values: `\n` is a line break, `\,` `\;` `\\` the character itself (RFC 5545 3.3.11). */
function text(value: string): string | null {
  return clean(
    value.replace(/\\([nN,;\\])/g, (_, char: string) => (char === "n" || char === "N" ? "\n" : char)),
    MAX_TEXT_CHARS,
  );
}

function token(value: string): string | null {
  const word = value.trim().toUpperCase();
  return /^[A-Z-]{1,32}$/.test(word) ? word : null;
}

/** DATE `20260314`, DATE-TIME `20260314T100000` with `Z` (UTC) or a TZID, or neither (floating). */
function readTime({ params, value }: Property): EventTime | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const wall = Date.UTC(year!, month! - 1, day!, hour ?? 0, minute ?? 0, Math.min(second ?? 0, 59));
  const back = new Date(wall);
  // 2026-02-31 or 25:00 would roll over into another day: refused, not corrected.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day || (hour !== undefined && (hour > 23 || minute! > 59 || second! > 60))) return null;
  if (hour === undefined) return { kind: "date", date: back.toISOString().slice(0, 10) };
  if (match[7]) return { kind: "instant", at: back };
  const named = params.get("TZID")?.replace(/^\//, "").trim();
  const zone = named ? knownZone(named) : undefined;
  if (!zone) return { kind: "floating", local: back.toISOString().slice(0, 19), zone: named ? clean(named, 100) : null };
  return { kind: "instant", at: new Date(instantOf(wall, zone)) };
}

/**
 * The Windows zone names Outlook and Exchange write as TZID for the zones
 * most people here live in or meet (CLDR windowsZones.xml); other Windows
 * names stay floating, shown with their name.
 */
const WINDOWS_ZONES: Record<string, string> = {
  "W. Europe Standard Time": "Europe/Berlin",
  "Central Europe Standard Time": "Europe/Budapest",
  "Central European Standard Time": "Europe/Warsaw",
  "Romance Standard Time": "Europe/Paris",
  "GMT Standard Time": "Europe/London",
  "Greenwich Standard Time": "Atlantic/Reykjavik",
  "GTB Standard Time": "Europe/Bucharest",
  "FLE Standard Time": "Europe/Kiev",
  "E. Europe Standard Time": "Europe/Chisinau",
  "Turkey Standard Time": "Europe/Istanbul",
  "Russian Standard Time": "Europe/Moscow",
  "Eastern Standard Time": "America/New_York",
  "Central Standard Time": "America/Chicago",
  "Mountain Standard Time": "America/Denver",
  "Pacific Standard Time": "America/Los_Angeles",
  "India Standard Time": "Asia/Kolkata",
  "China Standard Time": "Asia/Shanghai",
  "Tokyo Standard Time": "Asia/Tokyo",
  "AUS Eastern Standard Time": "Australia/Sydney",
  UTC: "UTC",
};

const WALL_CLOCK = new Map<string, Intl.DateTimeFormat>();

/** The IANA zone a TZID names, if Intl knows it (directly or by its Windows name). */
function knownZone(name: string): string | undefined {
  const zone = WINDOWS_ZONES[name] ?? name;
  if (WALL_CLOCK.has(zone)) return zone;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return undefined;
  try {
    const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    if (WALL_CLOCK.size < 100) WALL_CLOCK.set(zone, format);
    return zone;
  } catch {
    return undefined;
  }
}

function offsetAt(zone: string, time: number): number {
  const format =
    WALL_CLOCK.get(zone) ??
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
  const part = Object.fromEntries(format.formatToParts(time).map((entry) => [entry.type, Number(entry.value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!) - time;
}

/** The instant a wall-clock time in `zone` names; looked up twice, so a time next to a DST switch gets the offset in force then. */
function instantOf(wall: number, zone: string): number {
  return wall - offsetAt(zone, wall - offsetAt(zone, wall));
}

interface Duration {
  sign: 1 | -1;
  days: number;
  ms: number;
}

/** `P1D`, `PT1H30M`, `P2W`, `-PT15M` (RFC 5545 3.3.6); at most a year, so a hostile value cannot overflow a date. */
function readDuration(value: string): Duration | null {
  const match = /^([+-])?P(?:(\d{1,3})W)?(?:(\d{1,3})D)?(?:T(?:(\d{1,4})H)?(?:(\d{1,5})M)?(?:(\d{1,6})S)?)?$/.exec(value.trim());
  if (!match || value.trim().endsWith("P") || value.trim().endsWith("T")) return null;
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const totalDays = Number(weeks ?? 0) * 7 + Number(days ?? 0);
  const ms = ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds ?? 0)) * 1000;
  if (totalDays > 366 || ms > 366 * 86_400_000) return null;
  return { sign: sign === "-" ? -1 : 1, days: totalDays, ms };
}

function addDuration(start: EventTime, { sign, days, ms }: Duration): EventTime | null {
  if (start.kind === "date") {
    if (ms !== 0) return null;
    return { kind: "date", date: new Date(Date.parse(start.date) + sign * days * 86_400_000).toISOString().slice(0, 10) };
  }
  const delta = sign * (days * 86_400_000 + ms);
  if (start.kind === "instant") return { kind: "instant", at: new Date(start.at.getTime() + delta) };
  return { kind: "floating", local: new Date(Date.parse(`${start.local}Z`) + delta).toISOString().slice(0, 19), zone: start.zone };
}
