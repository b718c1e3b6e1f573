/**
 * The messages either side of one message in the list the user came from:
 * "Vorherige" / "Nächste" on the message page. The list's own query (its
 * filters and sort) is run from the message's sort key, one row each way:
 * the same keyset walk as the list's pages (./list.ts), never an offset.
 * The message itself need not match the filters any more (opening it may
 * have just marked it read in an unread list): its key is still a position.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { foreignFilter, listMessages } from "./list.ts";
import type { Cursor, ListQuery } from "./list-query.ts";

export interface Neighbour {
  id: string;
  subject: string | null;
}

export interface ListNeighbours {
  previous: Neighbour | null;
  next: Neighbour | null;
}

/** The message's position in a list sorted by `sort`; undefined when it is not the user's. */
async function messageCursor(sql: Sql, userId: string, messageId: string, sort: ListQuery["sort"]): Promise<Cursor | undefined> {
  const [row] = await sql<{ priority: number; date: string; size: number }[]>`
    select priority, to_char(list_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as date, size
    from messages where id = ${messageId} and user_id = ${userId}`;
  if (!row) return undefined;
  if (sort === "priority") return { sort, priority: row.priority, date: row.date, id: messageId };
  if (sort === "size") return { sort, size: row.size, id: messageId };
  return { sort, date: row.date, id: messageId };
}

/**
 * The neighbours of the user's message in the list `query` describes (its
 * page position is ignored). `undefined` when the query names an account,
 * folder or tag that is not the user's: the caller answers 404, as the list does.
 *
 * @example await listNeighbours(sql, dataKey, user.id, message.id, parseListQuery({ sort: "date", read: "no" }))
 */
export async function listNeighbours(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, query: ListQuery): Promise<ListNeighbours | undefined> {
  if (await foreignFilter(sql, userId, query.filters)) return undefined;
  const cursor = await messageCursor(sql, userId, messageId, query.sort);
  if (!cursor) return { previous: null, next: null };
  const around = (position: { after: Cursor } | { before: Cursor }) => listMessages(sql, dataKey, userId, { ...query, position }, 1);
  const [before, after] = await Promise.all([around({ before: cursor }), around({ after: cursor })]);
  const neighbour = (page: Awaited<ReturnType<typeof around>>): Neighbour | null => {
    const row = page.messages[0];
    return row ? { id: row.id, subject: row.subject } : null;
  };
  return { previous: neighbour(before), next: neighbour(after) };
}
