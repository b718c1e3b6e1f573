/**
 * The user's conversations (messages grouped by `thread_id`), newest
 * activity first, and one conversation's messages. Activity is when a
 * message was received (when it was stored, if the server gave no date).
 * Messages without a server copy (orphaned) are gone and never shown.
 * Every query is scoped by the user (migrations/0012_dashboard_indexes.sql).
 */
import { priorityScore, trafficLight, type TrafficLight } from "../analysis/score.ts";
import type { Level } from "../analysis/types.ts";
import { byteaFromJson } from "../db/bytea.ts";
import type { Sql } from "../db/connection.ts";
import { limitLiteral } from "../db/plan-cache-mode.ts";
import { summaryColumns } from "../mail/message-summary.ts";

/** Keyset position in a threads page: a row's activity as UTC text with microseconds (so no row is skipped or repeated) and its message id. */
export interface Cursor {
  /** `timestamp` text in UTC, e.g. "2026-11-28 17:25:01.123456". */
  at: string;
  id: string;
}

/** Conversations per page of /threads: a screenful, and few enough to decrypt their latest headers quickly. */
export const THREADS_PER_PAGE = 50;
/** Latest messages per conversation whose senders are shown as its participants. */
export const PARTICIPANT_MESSAGES = 3;
/** Messages per page of one conversation: each is shown with its text, so a page is what is decrypted at once. */
export const THREAD_MESSAGES_PER_PAGE = 50;

export interface ThreadSummary {
  threadId: string;
  latestId: string;
  activity: Date;
  /** Keyset cursor of this row. */
  cursor: Cursor;
  count: number;
  unread: number;
  /** Highest traffic light among its analysed messages; null when none is analysed yet. */
  light: TrafficLight | null;
  /** Its latest few messages, newest first, with their encrypted summaries (subject and senders). */
  recent: { id: string; summary: Uint8Array; legacy: boolean }[];
}

/** A thread of a page as its JSON has it (bytea as "\\x" and hex, the activity in milliseconds). */
interface ThreadRow {
  threadId: string;
  latestId: string;
  activityMs: number;
  cursorAt: string;
  count: number;
  unread: number;
  topScore: number | null;
  recent: { id: string; summary: string; legacy: boolean }[] | null;
}

/** The cursor of a row: its activity as UTC text with microseconds, and its message id. */
const cursorColumn = (sql: Sql, column: string) => sql`(${sql.unsafe(column)} at time zone 'UTC')::text`;

/**
 * One page of conversations, newest activity first: older than `before`
 * (the default), or with `newer` the page just newer than it (still newest
 * first); `more` says whether another page lies further in that direction.
 */
export async function listThreads(sql: Sql, userId: string, before: Cursor | undefined, newer = false): Promise<{ threads: ThreadSummary[]; more: boolean }> {
  const back = newer && before !== undefined;
  // Walks the user's messages newest first and keeps those with no newer message in their thread: each
  // thread's latest message, in the order of the threads' latest activity. Both steps are index scans
  // (messages_user_activity, messages_thread_activity), so a page costs what it shows, not the mailbox size.
  // Each thread comes with its counts and its latest few messages' encrypted summaries. The page comes as one
  // JSON array (a thread each, its summaries nested): postgres.js decodes a column value per row and column
  // (some 1,500 for a page) more slowly than JSON.parse reads the same, on the web process's one thread.
  const [result] = await sql<{ threads: ThreadRow[] | null }[]>`
    with page as (
      select m.thread_id, m.id, coalesce(m.received_at, m.created_at) as activity
      from messages m
      where m.user_id = ${userId} and m.orphaned_at is null
        ${
          before
            ? back
              ? sql`and (coalesce(m.received_at, m.created_at), m.id) > (${before.at}::text::timestamp at time zone 'UTC', ${before.id}::uuid)`
              : sql`and (coalesce(m.received_at, m.created_at), m.id) < (${before.at}::text::timestamp at time zone 'UTC', ${before.id}::uuid)`
            : sql``
        }
        and not exists (
          select 1 from messages n
          where n.thread_id = m.thread_id and n.orphaned_at is null and n.user_id = m.user_id
            and (coalesce(n.received_at, n.created_at), n.id) > (coalesce(m.received_at, m.created_at), m.id))
      order by ${back ? sql`coalesce(m.received_at, m.created_at) asc, m.id asc` : sql`coalesce(m.received_at, m.created_at) desc, m.id desc`}
      limit ${limitLiteral(sql, THREADS_PER_PAGE + 1)}
    )
    select json_agg(json_build_object(
             'threadId', page.thread_id, 'latestId', page.id, 'activityMs', floor(extract(epoch from page.activity) * 1000)::int8,
             'cursorAt', ${cursorColumn(sql, "page.activity")}, 'count', stats.count, 'unread', stats.unread, 'topScore', stats.top_score,
             'recent', recent.messages)
           order by page.activity desc, page.id desc) as threads
    from page
    cross join lateral (
      select count(*)::int as count, (count(*) filter (where not x.seen))::int as unread, max(a.score)::int as top_score
      from messages x left join analyses a on a.message_id = x.id and a.user_id = x.user_id
      where x.thread_id = page.thread_id and x.user_id = ${userId} and x.orphaned_at is null
    ) stats
    cross join lateral (
      select json_agg(json_build_object('id', r.id, 'summary', r.summary, 'legacy', r.legacy) order by r.activity desc, r.id desc) as messages
      from (
        select r.id, ${summaryColumns(sql, "r")}, coalesce(r.received_at, r.created_at) as activity
        from messages r
        where r.thread_id = page.thread_id and r.user_id = ${userId} and r.orphaned_at is null
        order by coalesce(r.received_at, r.created_at) desc, r.id desc
        limit ${limitLiteral(sql, PARTICIPANT_MESSAGES)}
      ) r
    ) recent`;
  const threads: ThreadSummary[] = (result?.threads ?? []).map((row) => ({
    threadId: row.threadId,
    latestId: row.latestId,
    activity: new Date(row.activityMs),
    cursor: { at: row.cursorAt, id: row.latestId },
    count: row.count,
    unread: row.unread,
    light: row.topScore === null ? null : trafficLight(row.topScore),
    recent: (row.recent ?? []).map((message) => ({ id: message.id, summary: byteaFromJson(message.summary), legacy: message.legacy })),
  }));
  const more = threads.length > THREADS_PER_PAGE;
  // Walking back, the extra row is the newest: it belongs to the page after this one.
  return { threads: back ? threads.slice(threads.length - Math.min(threads.length, THREADS_PER_PAGE)) : threads.slice(0, THREADS_PER_PAGE), more };
}

export interface ThreadMessage {
  id: string;
  activity: Date;
  cursor: Cursor;
  seen: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  done: boolean;
  light: TrafficLight | null;
  summary: Uint8Array;
  legacy: boolean;
}

/** One conversation's messages, oldest first, after `after`; empty when the thread is not the user's. */
export async function threadMessages(sql: Sql, userId: string, threadId: string, after: Cursor | undefined): Promise<{ messages: ThreadMessage[]; more: boolean }> {
  const rows = await sql<(Omit<ThreadMessage, "cursor" | "light"> & { cursorAt: string; urgency: Level | null; importance: Level | null })[]>`
    select m.id, coalesce(m.received_at, m.created_at) as activity, ${cursorColumn(sql, "coalesce(m.received_at, m.created_at)")} as "cursorAt",
           m.seen, m.flagged, m.has_attachments as "hasAttachments", m.done_at is not null as done,
           a.urgency, a.importance, ${summaryColumns(sql)}
    from messages m
    left join analyses a on a.message_id = m.id and a.user_id = m.user_id
    where m.thread_id = ${threadId} and m.user_id = ${userId} and m.orphaned_at is null
      ${after ? sql`and (coalesce(m.received_at, m.created_at), m.id) > (${after.at}::text::timestamp at time zone 'UTC', ${after.id}::uuid)` : sql``}
    order by coalesce(m.received_at, m.created_at), m.id
    limit ${limitLiteral(sql, THREAD_MESSAGES_PER_PAGE + 1)}`;
  const messages = rows.slice(0, THREAD_MESSAGES_PER_PAGE).map(({ cursorAt, urgency, importance, ...row }) => ({
    ...row,
    cursor: { at: cursorAt, id: row.id },
    light: urgency && importance ? trafficLight(priorityScore(urgency, importance)) : null,
  }));
  return { messages, more: rows.length > THREAD_MESSAGES_PER_PAGE };
}
