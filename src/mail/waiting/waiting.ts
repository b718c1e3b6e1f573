/**
 * "Waiting for reply": messages the user sent that nobody has answered for
 * the user's number of days. A message counts when
 * - it is the user's own: From one of their addresses (./facts.ts), or a
 *   copy in a Sent folder (which also covers aliases), in any folder;
 * - it expects a reply: to someone who can answer, no list or automatic mail;
 * - it is the newest message of its conversation (a later message from
 *   someone else is the answer; a later one from the user is the message
 *   that waits now) — drafts and gone messages left out;
 * - it is older than the user's days and within the lookback window;
 * - the user did not say "Erledigt" for it (waiting_dismissals), and it has
 *   a copy outside Trash and Junk (a sent message thrown away waits no more).
 * One query over the user's messages (no loop over threads), keyset-paged
 * by (list_date, id), oldest first: the longest wait on top. A message
 * snoozed as a reminder stays listed, with its reminder time.
 */
import type { Fragment } from "postgres";
import { decryptText } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import { messageBinding, readHeaders } from "../../inbox/message.ts";
import { ownAddresses, withoutPlusTag } from "../../analysis/message-input.ts";
import { normalizeEmail } from "../../email-address.ts";
import type { MailAddress } from "../parse/types.ts";
import { classifyWaitingCandidates } from "./facts.ts";
import { DEFAULT_WAITING_DAYS, MAX_WAITING_DAYS, MIN_WAITING_DAYS, WAITING_LOOKBACK_DAYS, WAITING_PAGE_SIZE } from "./limits.ts";

export interface WaitingMessage {
  id: string;
  threadId: string;
  accountId: string;
  /** Null when the headers do not decrypt. */
  subject: string | null;
  /** Who should answer: the recipients that are not the user's own addresses. */
  recipients: MailAddress[];
  sentAt: Date;
  daysWaiting: number;
  /** A reminder set through snooze: when the message comes back to the open list. */
  remindAt: Date | null;
}

export interface WaitingPage {
  days: number;
  messages: WaitingMessage[];
  /** Where the next page starts (`after`), null on the last page. */
  next: string | null;
}

interface Row {
  id: string;
  threadId: string;
  accountId: string;
  headers: Uint8Array;
  dateMicros: string;
  daysWaiting: number;
  remindAt: Date | null;
}

export class InvalidWaitingCursorError extends Error {
  override name = "InvalidWaitingCursorError";
}

const CURSOR = /^(\d{1,17})\.([0-9a-f-]{36})$/;

function encodeCursor(row: Row): string {
  return Buffer.from(`${row.dateMicros}.${row.id}`).toString("base64url");
}

function decodeCursor(text: string): { micros: string; id: string } {
  const match = CURSOR.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match || !isUuid(match[2]!)) throw new InvalidWaitingCursorError("invalid waiting cursor");
  return { micros: match[1]!, id: match[2]! };
}

/** The user's number of days (users.waiting_days). */
export async function waitingDays(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ days: number }[]>`select waiting_days as days from users where id = ${userId}`;
  return row?.days ?? DEFAULT_WAITING_DAYS;
}

/** Sets the user's number of days; false when it is out of range. */
export async function setWaitingDays(sql: Sql, userId: string, days: number): Promise<boolean> {
  if (!Number.isInteger(days) || days < MIN_WAITING_DAYS || days > MAX_WAITING_DAYS) return false;
  await sql`update users set waiting_days = ${days} where id = ${userId}`;
  return true;
}

/** The conditions of a waiting message `m` of the user, `days` old at least. */
function waitingConditions(sql: Sql, userId: string, days: number): Fragment {
  return sql`
    m.user_id = ${userId} and m.orphaned_at is null and not m.draft and not m.spam and f.expects_reply
    and m.list_date < now() - make_interval(days => ${days})
    and m.list_date > now() - make_interval(days => ${WAITING_LOOKBACK_DAYS})
    and (f.from_own or exists (
      select 1 from message_copies c join folders fo on fo.id = c.folder_id
      where c.message_id = m.id and fo.user_id = ${userId} and fo.special_use = 'sent'))
    and not exists (
      select 1 from messages n
      where n.thread_id = m.thread_id and n.user_id = ${userId} and n.orphaned_at is null and not n.draft and (n.list_date, n.id) > (m.list_date, m.id))
    and not exists (select 1 from waiting_dismissals d where d.message_id = m.id and d.user_id = ${userId})
    and exists (
      select 1 from message_copies c join folders fo on fo.id = c.folder_id
      where c.message_id = m.id and coalesce(fo.special_use, '') not in ('trash', 'junk') and coalesce(fo.chosen_role, '') <> 'junk')`;
}

/**
 * One page of the user's waiting messages, oldest first. Classifies the
 * candidates not seen before first (./facts.ts), so new sent mail counts.
 *
 * @throws InvalidWaitingCursorError for a malformed `after`
 * @example const page = await listWaiting(sql, dataKey, user.id, { after: req.query.after });
 */
export async function listWaiting(sql: Sql, dataKey: SecretKey, userId: string, options: { after?: string; pageSize?: number } = {}): Promise<WaitingPage> {
  const cursor = options.after ? decodeCursor(options.after) : undefined;
  const pageSize = options.pageSize ?? WAITING_PAGE_SIZE;
  await classifyWaitingCandidates(sql, dataKey, userId);
  const days = await waitingDays(sql, userId);
  const position = cursor ? sql`and (m.list_date, m.id) > ('epoch'::timestamptz + ${cursor.micros}::int8 * interval '1 microsecond', ${cursor.id}::uuid)` : sql``;
  const rows = await sql<Row[]>`
    select m.id, m.thread_id as "threadId", m.account_id as "accountId", m.headers_encrypted as headers,
           ((extract(epoch from m.list_date) * 1000000)::int8)::text as "dateMicros",
           floor(extract(epoch from now() - m.list_date) / 86400)::int as "daysWaiting",
           case when m.snoozed_until > now() then m.snoozed_until end as "remindAt"
    from messages m join waiting_facts f on f.message_id = m.id and f.user_id = ${userId}
    where ${waitingConditions(sql, userId, days)} ${position}
    order by m.list_date, m.id
    limit ${pageSize + 1}`;
  const own = rows.length ? new Set((await ownAddresses(sql, dataKey, userId)).map(withoutPlusTag)) : new Set<string>();
  const shown = rows.slice(0, pageSize);
  return {
    days,
    messages: shown.map((row) => waitingMessage(dataKey, userId, row, own)),
    next: rows.length > pageSize ? encodeCursor(shown.at(-1)!) : null,
  };
}

function waitingMessage(dataKey: SecretKey, userId: string, row: Row, own: Set<string>): WaitingMessage {
  let subject: string | null = null;
  let recipients: MailAddress[] = [];
  try {
    const headers = readHeaders(decryptText(dataKey, row.headers, messageBinding(userId, row.id, "message-headers")));
    subject = headers.subject;
    recipients = [...headers.to, ...headers.cc].filter((entry) => !own.has(withoutPlusTag(normalizeEmail(entry.address))));
  } catch {
    // A damaged row still lists (it can be dismissed); the page shows a placeholder.
  }
  return {
    id: row.id,
    threadId: row.threadId,
    accountId: row.accountId,
    subject,
    recipients,
    sentAt: new Date(Math.floor(Number(row.dateMicros) / 1000)),
    daysWaiting: row.daysWaiting,
    remindAt: row.remindAt,
  };
}

/** How many messages wait for a reply (the dashboard's count); classifies first like the list. */
export async function countWaiting(sql: Sql, dataKey: SecretKey, userId: string): Promise<number> {
  await classifyWaitingCandidates(sql, dataKey, userId);
  const days = await waitingDays(sql, userId);
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count from messages m join waiting_facts f on f.message_id = m.id and f.user_id = ${userId}
    where ${waitingConditions(sql, userId, days)}`;
  return row?.count ?? 0;
}

/** "Erledigt": stop waiting for an answer to the user's message; false when it is not theirs. */
export async function dismissWaiting(sql: Sql, userId: string, messageId: string): Promise<boolean> {
  if (!isUuid(messageId)) return false;
  const rows = await sql`
    insert into waiting_dismissals (message_id, user_id)
    select id, user_id from messages where id = ${messageId} and user_id = ${userId} and orphaned_at is null
    on conflict (message_id) do update set dismissed_at = excluded.dismissed_at
    returning 1`;
  return rows.length > 0;
}

/** Waiting again after all (the undo of "Erledigt"); false when the message is not the user's or was not dismissed. */
export async function restoreWaiting(sql: Sql, userId: string, messageId: string): Promise<boolean> {
  if (!isUuid(messageId)) return false;
  const rows = await sql`delete from waiting_dismissals where message_id = ${messageId} and user_id = ${userId} returning 1`;
  return rows.length > 0;
}
