/**
 * Snooze: a message leaves the open list until a chosen time and then comes
 * back, unread, as if it had just arrived in the user's attention. Kept in
 * PostgreSQL (messages.snoozed_until) and returned by the `return_snoozed`
 * job every minute; like "done", it is the user's own bookkeeping and
 * changes nothing on the mail server.
 */
import type { Sql } from "../../db/connection.ts";

/** Snoozes (or, with null, wakes) the user's messages among `ids`; returns how many were theirs. Marking one snoozed also opens it again if it was done. */
export async function snoozeMessages(sql: Sql, userId: string, ids: string[], until: Date | null): Promise<number> {
  const rows = until
    ? await sql`update messages set snoozed_until = ${until}, done_at = null where user_id = ${userId} and id = any(${ids}::uuid[]) returning id`
    : await sql`update messages set snoozed_until = null where user_id = ${userId} and id = any(${ids}::uuid[]) returning id`;
  return rows.length;
}

/** Brings back every message whose snooze has ended; returns how many. */
export async function returnSnoozed(sql: Sql): Promise<number> {
  const rows = await sql`update messages set snoozed_until = null where snoozed_until <= now() returning id`;
  return rows.length;
}

/** The times the snooze menu offers, in the user's time zone: later today, tomorrow morning, next week (Monday morning). */
export function snoozeChoices(now: Date, timeZone: string): { laterToday: Date | null; tomorrow: Date; nextWeek: Date } {
  const local = zonedParts(now, timeZone);
  const at = (dayOffset: number, hour: number) => zonedTime({ ...local, day: local.day + dayOffset, hour, minute: 0 }, timeZone);
  const laterToday = local.hour < 17 ? new Date(now.getTime() + 3 * 3600_000) : null;
  const daysToMonday = (8 - local.weekday) % 7 || 7;
  return { laterToday, tomorrow: at(1, 8), nextWeek: at(daysToMonday, 8) };
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** One formatter per time zone: making one costs about a tenth of a millisecond, and every list and message page asks for five dates. Zones are IANA names, a few hundred at most. */
const partsFormats = new Map<string, Intl.DateTimeFormat>();

function zonedParts(date: Date, timeZone: string): LocalParts {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short", hourCycle: "h23" });
    partsFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday!) + 1;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), weekday };
}

/** The instant a local wall-clock time in `timeZone` names (the offset found by looking at it once, then corrected once for DST edges). */
export function zonedTime(local: Omit<LocalParts, "weekday">, timeZone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let guess = asUtc;
  for (let round = 0; round < 2; round++) {
    const seen = zonedParts(new Date(guess), timeZone);
    const seenUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += asUtc - seenUtc;
  }
  return new Date(guess);
}
