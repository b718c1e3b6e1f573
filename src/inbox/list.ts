/**
 * One page of the user's message list: filters, blind-index search, sort
 * and keyset position in SQL, then only the rows shown are decrypted.
 *
 * Every sort order has an index (migration 0010) whose columns are the sort
 * key plus the id, so a page is an index scan from the cursor that stops
 * after PAGE + 1 rows; never OFFSET, which would read every row before it.
 * What the list leaves out:
 * - orphaned messages (no server copy left: deleted, or moved away);
 * - messages whose only copies are in Trash, Junk or the Archive, unless
 *   that folder is the filter (there is a folder to look at them in; the list
 *   is for mail still to deal with);
 * - messages with a trash, delete, archive or spam move still pending (and,
 *   in a folder's list, any move), so a row goes away the moment it is
 *   asked rather than when the server has answered;
 * - spam and suspected phishing (`messages.spam`, kept by a trigger from the
 *   analysis), unless the spam view or a folder is asked for;
 * - from the open list, snoozed messages until their time (the snoozed view
 *   lists them).
 */
import type { Fragment } from "postgres";
import type { SecretKey } from "../crypto/secret-key.ts";
import { byteaFromJson } from "../db/bytea.ts";
import type { Sql } from "../db/connection.ts";
import { limitLiteral, withCustomPlan } from "../db/plan-cache-mode.ts";
import { priorityScore, trafficLight } from "../analysis/score.ts";
import type { Level } from "../analysis/types.ts";
import { readSummary, summaryColumns } from "../mail/message-summary.ts";
import type { MailAddress } from "../mail/parse/types.ts";
import { queryTokens, searchKey } from "../search/blind-index.ts";
import { MESSAGE_LIST_PAGE_SIZE } from "../search/limits.ts";
import { tagIdByName } from "../tags/store.ts";
import { cleanTagName } from "../tags/tag-name.ts";
import { encodeCursor, type Cursor, type ListFilters, type ListQuery, type Sort, type TrafficLight } from "./list-query.ts";

export interface MessageSummary {
  id: string;
  accountId: string;
  /** Null when the headers cannot be decrypted (a damaged row): shown, but without subject and sender. */
  subject: string | null;
  from: MailAddress | null;
  /** The text's first words (src/mail/message-summary.ts); empty for messages stored before previews. */
  preview: string;
  /** Messages in its conversation, this one included. */
  threadSize: number;
  /** Its tags (names from the user's tag list, ./filter-options.ts). */
  tagIds: string[];
  date: Date;
  size: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  doneAt: Date | null;
  snoozedUntil: Date | null;
  analysis: {
    score: number;
    trafficLight: TrafficLight;
    urgency: number;
    importance: number;
    category: string;
    language: string | null;
    spam: boolean;
    phishing: boolean;
    newsletter: boolean;
  } | null;
}

export interface MessagePage {
  messages: MessageSummary[];
  /** Cursors of the neighbouring pages; null at either end. */
  next: string | null;
  previous: string | null;
  /** The search had no word long enough to look for: nothing matches. */
  searchTooShort: boolean;
}

/**
 * A row as the page's JSON has it: the summary's plain columns, the sort
 * keys, the encrypted summary and the analysis columns (null without one).
 * Kept to what cannot be derived (score and light follow from urgency and
 * importance; the date comes once, as microseconds, for both the Date and
 * the cursor).
 */
type Row = Omit<MessageSummary, "subject" | "from" | "preview" | "analysis" | "date" | "doneAt" | "snoozedUntil"> & {
  priority: number;
  /** list_date in microseconds since 1970: the cursor needs all six decimals, which a Date cannot hold. */
  dateMicros: number;
  doneAt: string | null;
  snoozedUntil: string | null;
  /** bytea in JSON (byteaFromJson reads it). */
  summary: string;
  legacy: boolean;
  urgency: Level | null;
  importance: Level | null;
  category: string | null;
  language: string | null;
  spam: boolean | null;
  phishing: boolean | null;
  newsletter: boolean | null;
};

/** Traffic lights as ranges of the score (2 × urgency + importance), which the priority index holds. */
const LIGHT_SCORES: Record<TrafficLight, [number, number]> = { red: [8, 9], yellow: [5, 7], green: [3, 4] };

function and(sql: Sql, conditions: Fragment[]): Fragment {
  return conditions.reduce((all, condition) => sql`${all} and ${condition}`);
}

function filterConditions(sql: Sql, userId: string, filters: ListFilters, tokens: bigint[], searchFolders: string[] | undefined, searchTags: (string | undefined)[]): Fragment[] {
  const where = [sql`m.user_id = ${userId}`, sql`m.orphaned_at is null`];
  // Spelled exactly like the partial indexes' predicates, so the planner can use them.
  if (filters.done === "open") where.push(sql`m.done_at is null`);
  if (filters.snoozed) where.push(sql`m.snoozed_until is not null`);
  else if (filters.done === "open") where.push(sql`m.snoozed_until is null`);
  if (filters.done === "done") where.push(sql`m.done_at is not null`);
  // A folder chosen, in the form or with `in:`, shows what it holds, spam included.
  const search = filters.search;
  const inFolders = search !== undefined && (search.folderRoles.length > 0 || search.folderNames.length > 0);
  const folderChosen = Boolean(filters.folder) || inFolders;
  if (!folderChosen && filters.spam === "no") where.push(sql`not m.spam`);
  if (!folderChosen && filters.spam === "yes") where.push(sql`m.spam`);
  if (filters.light) where.push(sql`m.priority between ${LIGHT_SCORES[filters.light][0]} and ${LIGHT_SCORES[filters.light][1]}`);
  if (filters.cell) {
    where.push(sql`m.priority = ${2 * filters.cell.urgency + filters.cell.importance}`);
    where.push(sql`a.urgency = ${filters.cell.urgency} and a.importance = ${filters.cell.importance}`);
  }
  if (filters.category) where.push(sql`a.category = ${filters.category}`);
  if (filters.language) where.push(sql`a.language = ${filters.language}`);
  if (filters.account) where.push(sql`m.account_id = ${filters.account}`);
  if (filters.read !== undefined) where.push(sql`m.seen = ${filters.read}`);
  if (filters.flagged !== undefined) where.push(sql`m.flagged = ${filters.flagged}`);
  if (filters.attachments !== undefined) where.push(sql`m.has_attachments = ${filters.attachments}`);
  if (filters.from) where.push(sql`m.list_date >= ${filters.from}::date`);
  if (filters.to) where.push(sql`m.list_date < ${filters.to}::date + 1`);
  if (filters.tag) where.push(sql`exists (select 1 from message_tags t where t.message_id = m.id and t.tag_id = ${filters.tag} and t.user_id = ${userId})`);
  if (filters.folder) where.push(sql`exists (select 1 from message_copies c where c.message_id = m.id and c.folder_id = ${filters.folder})`);
  // `tag:` names, looked up beforehand; a name the user has no tag of matches nothing.
  for (const tagId of searchTags) where.push(tagId ? sql`exists (select 1 from message_tags t where t.message_id = m.id and t.tag_id = ${tagId} and t.user_id = ${userId})` : sql`false`);
  // The folders `in:` named, looked up beforehand: a list of ids the planner can weigh, like the folder filter's one.
  if (inFolders) where.push(sql`exists (select 1 from message_copies c where c.message_id = m.id and c.folder_id = any(${searchFolders ?? []}::uuid[]))`);
  if (!folderChosen) {
    // Mail only in Trash or Junk is listed by choosing that folder; archived mail is out of the open list (it is dealt
    // with) and in a search or the list of all mail. The folders are looked up once per page (a hashed subplan).
    const hiddenRoles = filters.done === "open" ? ["trash", "junk", "archive"] : ["trash", "junk"];
    where.push(sql`exists (
      select 1 from message_copies c
      where c.message_id = m.id
        and c.folder_id not in (
          select f.id from folders f where f.user_id = ${userId} and (f.special_use = any(${hiddenRoles}::text[]) or f.chosen_role = any(${hiddenRoles}::text[]))))`);
  }
  const leaving = filters.folder ? ["trash", "delete", "archive", "junk", "inbox", "move", "snooze", "unsnooze"] : ["trash", "delete", "archive", "junk"];
  where.push(sql`not exists (select 1 from action_journal j where j.message_id = m.id and j.state = 'pending' and j.action = any(${leaving}::text[]))`);
  if (tokens.length) where.push(sql`m.search_tokens @> ${tokens.map(String)}::bigint[]`);
  return where;
}

/**
 * The user's folders a search's `in:` names: by role (in every mailbox of
 * the user), or by name or path in any letter case. Undefined without `in:`.
 */
async function foldersNamed(sql: Sql, userId: string, search: ListFilters["search"]): Promise<string[] | undefined> {
  if (!search || (search.folderRoles.length === 0 && search.folderNames.length === 0)) return undefined;
  const rows = await sql<{ id: string }[]>`
    select id from folders
    where user_id = ${userId}
      and (special_use = any(${search.folderRoles}::text[]) or lower(name) = any(${search.folderNames}::text[]) or lower(path) = any(${search.folderNames}::text[]))`;
  return rows.map((row) => row.id);
}

/**
 * The blind-index tokens a message must all hold: the words and phrases
 * (a phrase as all its words: the index has no positions), the sender's and
 * the recipients' words marked with their field. Undefined when some part
 * of the search has no word long enough to look for: nothing can match it.
 */
function searchTokens(key: SecretKey, search: NonNullable<ListFilters["search"]>): bigint[] | undefined {
  // Each part as one text, so a stray short word ("a Rechnung") is left out as before, not the whole search.
  const parts = [
    search.text.length ? queryTokens(key, search.text.join(" ")) : null,
    search.from.length ? queryTokens(key, search.from.join(" "), "from") : null,
    search.to.length ? queryTokens(key, search.to.join(" "), "to") : null,
  ].filter((part) => part !== null);
  if (parts.some((part) => part.length === 0)) return undefined;
  return [...new Set(parts.flat())];
}

/**
 * The columns a sort orders by, last the id: the messages' own (`m`), or
 * those of the page's selected rows (`r`), whose dateMicros orders as
 * list_date does.
 */
function sortColumns(sql: Sql, sort: Sort, over: "messages" | "rows"): Fragment[] {
  const [priority, date, size, id] = over === "messages" ? [sql`m.priority`, sql`m.list_date`, sql`m.size`, sql`m.id`] : [sql`r.priority`, sql`r."dateMicros"`, sql`r.size`, sql`r.id`];
  if (sort === "priority") return [priority, date, id];
  if (sort === "size") return [size, id];
  return [date, id];
}

const commaSeparated = (sql: Sql, fragments: Fragment[]) => fragments.reduce((all, next) => sql`${all}, ${next}`);

/** The sort key columns, the cursor's values for them, and whether the order is descending. */
function sortKey(sql: Sql, sort: Sort): { columns: Fragment; descending: boolean; values: (cursor: Cursor) => Fragment } {
  const columns = sql`(${commaSeparated(sql, sortColumns(sql, sort, "messages"))})`;
  switch (sort) {
    case "priority":
      return { columns, descending: true, values: (c) => (c.sort === "priority" ? sql`(${c.priority}::smallint, ${c.date}::timestamptz, ${c.id}::uuid)` : sql``) };
    case "date":
    case "oldest":
      return { columns, descending: sort === "date", values: (c) => ("date" in c ? sql`(${c.date}::timestamptz, ${c.id}::uuid)` : sql``) };
    case "size":
      return { columns, descending: true, values: (c) => (c.sort === "size" ? sql`(${c.size}::integer, ${c.id}::uuid)` : sql``) };
  }
}

function orderBy(sql: Sql, sort: Sort, descending: boolean, over: "messages" | "rows"): Fragment {
  const direction = descending ? sql`desc` : sql`asc`;
  return commaSeparated(
    sql,
    sortColumns(sql, sort, over).map((column) => sql`${column} ${direction}`),
  );
}

// Microseconds since 1970 stay below 2^53 for any date a mail can carry, so plain numbers hold them exactly.
const millisecondsOf = (micros: number) => Math.floor(micros / 1000);

/** "2026-11-28T17:25:03.123456Z", as PostgreSQL writes the timestamp (the cursor's form). */
function isoMicros(micros: number): string {
  const milliseconds = millisecondsOf(micros);
  const rest = micros - milliseconds * 1000;
  return new Date(milliseconds).toISOString().replace("Z", `${String(rest).padStart(3, "0")}Z`);
}

function cursorOf(sort: Sort, row: Row): string {
  if (sort === "priority") return encodeCursor({ sort, priority: row.priority, date: isoMicros(row.dateMicros), id: row.id });
  if (sort === "size") return encodeCursor({ sort, size: row.size, id: row.id });
  return encodeCursor({ sort, date: isoMicros(row.dateMicros), id: row.id });
}

function summary(dataKey: SecretKey, userId: string, row: Row): MessageSummary {
  // A row that does not decrypt still lists (it can be selected and trashed); the page shows a placeholder.
  const shown = readSummary(dataKey, userId, row.id, { summary: byteaFromJson(row.summary), legacy: row.legacy });
  const score = row.urgency === null || row.importance === null ? null : priorityScore(row.urgency, row.importance);
  const analysis =
    score === null
      ? null
      : {
          score,
          trafficLight: trafficLight(score),
          urgency: row.urgency!,
          importance: row.importance!,
          category: row.category!,
          language: row.language,
          spam: row.spam === true,
          // A phishing suspicion the user overruled ("not spam") warns no more.
          phishing: row.phishing === true && row.spam === true,
          newsletter: row.newsletter === true,
        };
  return {
    id: row.id,
    accountId: row.accountId,
    subject: shown ? shown.subject : null,
    from: shown?.from[0] ?? null,
    preview: shown?.preview ?? "",
    threadSize: row.threadSize,
    tagIds: row.tagIds,
    date: new Date(millisecondsOf(row.dateMicros)),
    size: row.size,
    seen: row.seen,
    flagged: row.flagged,
    answered: row.answered,
    hasAttachments: row.hasAttachments,
    doneAt: row.doneAt === null ? null : new Date(row.doneAt),
    snoozedUntil: row.snoozedUntil === null ? null : new Date(row.snoozedUntil),
    analysis,
  };
}

/**
 * Whether a page must be planned for its own values. The pool makes one
 * plan per statement (src/db/connection.ts); for a rare search word beside
 * a common one, or a small folder, tag or account beside a big one, that
 * plan reads whole mailboxes (measured: 50 ms instead of 2 at 50,000
 * messages). A page filtered only by done/open is an index scan from its
 * cursor for every user and value, so it keeps the one plan and skips
 * planning, half the database's time for the page.
 */
function plannedForItsValues(filters: ListFilters): boolean {
  return Object.entries(filters).some(([name, value]) => (name === "spam" ? value !== "no" : name === "snoozed" ? value === true : name !== "done" && value !== undefined));
}

/** One page of the user's messages; `dataKey` opens the rows shown (and keys the search). */
export async function listMessages(sql: Sql, dataKey: SecretKey, userId: string, query: ListQuery, pageSize = MESSAGE_LIST_PAGE_SIZE): Promise<MessagePage> {
  const { filters, sort, position } = query;
  const tokens = filters.search ? searchTokens(searchKey(dataKey), filters.search) : [];
  if (tokens === undefined) return { messages: [], next: null, previous: null, searchTooShort: true };

  const key = sortKey(sql, sort);
  const searchFolders = await foldersNamed(sql, userId, filters.search);
  const searchTags = await Promise.all((filters.search?.tags ?? []).map((name) => tagIdByName(sql, dataKey, userId, cleanTagName(name))));
  const where = filterConditions(sql, userId, filters, tokens, searchFolders, searchTags);
  // Going back (before=) walks the index the other way from the cursor; the rows are turned round afterwards.
  const backwards = position !== undefined && "before" in position;
  const descending = backwards ? !key.descending : key.descending;
  if (position) {
    const cursor = "after" in position ? position.after : position.before;
    where.push(descending ? sql`${key.columns} < ${key.values(cursor)}` : sql`${key.columns} > ${key.values(cursor)}`);
  }
  // The rows come as one JSON array: postgres.js decodes 800 column values more slowly than JSON.parse reads them, on the web process's one thread.
  // The thread sizes are counted for the page's rows only (the outer select), through the thread index.
  const select = (db: Sql) => db<{ rows: Row[] | null }[]>`
    select json_agg(r order by ${orderBy(sql, sort, descending, "rows")}) as rows from (
      select page.*, (select count(*)::int from messages t where t.thread_id = page.thread_id and t.orphaned_at is null) as "threadSize",
             coalesce((select json_agg(mt.tag_id) from message_tags mt where mt.message_id = page.id), '[]') as "tagIds" from (
      select m.id, m.account_id as "accountId", m.thread_id, m.priority, (extract(epoch from m.list_date) * 1000000)::int8 as "dateMicros",
             m.size, m.seen, m.flagged, m.answered, m.has_attachments as "hasAttachments", m.done_at as "doneAt", m.snoozed_until as "snoozedUntil",
             ${summaryColumns(sql)},
             a.urgency, a.importance, a.category, a.language, a.spam, a.phishing, a.newsletter
      from messages m left join analyses a on a.message_id = m.id and a.user_id = ${userId}
      where ${and(sql, where)}
      order by ${orderBy(sql, sort, descending, "messages")}
      limit ${limitLiteral(sql, pageSize + 1)}
    ) page) r`;
  const rows = (plannedForItsValues(filters) ? await withCustomPlan(sql, select) : await select(sql))[0]?.rows ?? [];
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const next = last && (backwards || more) ? cursorOf(sort, last) : null;
  const previous = first && (backwards ? more : position !== undefined) ? cursorOf(sort, first) : null;
  return { messages: page.map((row) => summary(dataKey, userId, row)), next, previous, searchTooShort: false };
}

/** The first filter (account, folder, tag) naming a row that is not the user's, if any: the caller answers 404. */
export async function foreignFilter(sql: Sql, userId: string, filters: ListFilters): Promise<"account" | "folder" | "tag" | undefined> {
  if (filters.account && !(await sql`select 1 from mail_accounts where id = ${filters.account} and user_id = ${userId}`).length) return "account";
  if (filters.folder && !(await sql`select 1 from folders where id = ${filters.folder} and user_id = ${userId}`).length) return "folder";
  if (filters.tag && !(await sql`select 1 from tags where id = ${filters.tag} and user_id = ${userId}`).length) return "tag";
  return undefined;
}
