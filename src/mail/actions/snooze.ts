/**
 * Snooze: a message leaves the open list until a chosen time and then comes
 * back to the open list (read or unread as it was). Kept in
 * PostgreSQL (messages.snoozed_until) and returned by the `return_snoozed`
 * job every minute. Like "done" it is the user's own bookkeeping and changes
 * at once; when the user chose so (users.snooze_moves, Account → Reading),
 * the message's copy is also parked in the account's Snoozed folder on the
 * server through the journal, and every way of waking it (its time, "back
 * to the list now", an undo) journals the move back (./snooze-folder.ts).
 * The wake itself never waits for the server: an unreachable account only
 * delays the move back, which the write-back retries.
 */
import type { TransactionSql } from "postgres";
import type { Sql } from "../../db/connection.ts";
import { requestBulkAction } from "./bulk.ts";
import { readingSettings } from "./read-on-open.ts";
import { journalMessageAction } from "./request.ts";
import { journalMovesBack } from "./snooze-folder.ts";

/** A rule snoozes inside the transaction that records it, in the batch of the message's other rule actions. */
export interface SnoozeOptions {
  tx?: TransactionSql;
  batchId?: string;
  requestedBy?: string;
}

export interface SnoozeResult {
  /** How many of `ids` were the user's. */
  owned: number;
  /** The first journal entry of the moves to the Snoozed folder (what an undo names); null when none was asked for. */
  journalId: string | null;
}

/**
 * Snoozes (or, with null, wakes) the user's messages among `ids`. Marking one
 * snoozed also opens it again if it was done, and, with the user's
 * "snoozed mail to the Snoozed folder" on, asks the server to move it there
 * (not again for a copy a snooze already parked).
 *
 * @example const { owned, journalId } = await snoozeMessages(sql, user.id, [id], tomorrowMorning);
 */
export async function snoozeMessages(sql: Sql, userId: string, ids: string[], until: Date | null, options: SnoozeOptions = {}): Promise<SnoozeResult> {
  if (!until) return { owned: await wakeSnoozed(sql, userId, ids, "owned"), journalId: null };
  const db = options.tx ?? sql;
  const rows = await db<{ id: string; parked: boolean }[]>`
    update messages set snoozed_until = ${until}, done_at = null where user_id = ${userId} and id = any(${ids}::uuid[]) returning id, snooze_moved as parked`;
  // The journal follows the user's selection (an update returns rows in whatever order it found them).
  const unparked = new Set(rows.filter((row) => !row.parked).map((row) => row.id));
  const toPark = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => unparked.has(id));
  if (toPark.length === 0 || !(await readingSettings(db, userId)).snoozeMoves) return { owned: rows.length, journalId: null };
  if (!options.tx) return { owned: rows.length, journalId: (await requestBulkAction(sql, userId, toPark, { action: "snooze" })).journalId };
  let journalId: string | null = null;
  for (const id of toPark) {
    const result = await journalMessageAction(options.tx, userId, id, { action: "snooze" }, { requestedBy: options.requestedBy, batchId: options.batchId });
    if (result.ok) journalId ??= result.journalId;
  }
  return { owned: rows.length, journalId };
}

/**
 * Wakes the user's messages among `ids` and, in the same transaction, asks
 * for the move back of those a snooze parked. Returns how many were the
 * user's (`owned`) or how many were snoozed and woke (`snoozed`).
 */
export async function wakeSnoozed(sql: Sql, userId: string, ids: string[], count: "owned" | "snoozed" = "snoozed"): Promise<number> {
  return await sql.begin(async (tx) => {
    const rows = await tx<{ id: string; wasSnoozed: boolean }[]>`
      update messages m set snoozed_until = null from messages old
      where old.id = m.id and m.user_id = ${userId} and m.id = any(${ids}::uuid[])
      returning m.id, old.snoozed_until is not null as "wasSnoozed"`;
    await journalMovesBack(
      tx,
      userId,
      rows.map((row) => row.id),
    );
    return count === "owned" ? rows.length : rows.filter((row) => row.wasSnoozed).length;
  });
}

/**
 * Brings back every message whose snooze has ended, and journals the move
 * back of each one a snooze parked, in the same transaction: a message is
 * never back here without its move back asked for. Returns how many came back.
 */
export async function returnSnoozed(sql: Sql): Promise<number> {
  return await sql.begin(async (tx) => {
    const rows = await tx<{ id: string; userId: string; parked: boolean }[]>`
      update messages set snoozed_until = null where snoozed_until <= now() returning id, user_id as "userId", snooze_moved as parked`;
    const parkedByUser = new Map<string, string[]>();
    for (const row of rows) if (row.parked) parkedByUser.set(row.userId, [...(parkedByUser.get(row.userId) ?? []), row.id]);
    for (const [userId, ids] of parkedByUser) await journalMovesBack(tx, userId, ids);
    return rows.length;
  });
}

/** "Later today" (in three hours) is offered until 17:00 in the user's zone. */
const offersLaterToday = (local: LocalParts) => local.hour < 17;

/** Whether the snooze menu offers "later today" now: what a list page needs of snoozeChoices, for one formatter call instead of five. */
export function laterTodayOffered(now: Date, timeZone: string): boolean {
  return offersLaterToday(zonedParts(now, timeZone));
}

/** The times the snooze menu offers, in the user's time zone: later today, tomorrow morning, next week (Monday morning). */
export function snoozeChoices(now: Date, timeZone: string): { laterToday: Date | null; tomorrow: Date; nextWeek: Date } {
  const local = zonedParts(now, timeZone);
  const at = (dayOffset: number, hour: number) => zonedTime({ ...local, day: local.day + dayOffset, hour, minute: 0 }, timeZone);
  const laterToday = offersLaterToday(local) ? new Date(now.getTime() + 3 * 3600_000) : null;
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
