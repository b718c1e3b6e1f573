/** How many of the user's live messages have a copy in each folder of an account, and how many of those are unread. */
import type { Sql } from "../db/connection.ts";

export interface FolderCounts {
  messages: number;
  unread: number;
}

/** Folder id → counts; folders without a copy are left out (read them as zero). */
export async function folderCounts(sql: Sql, userId: string, accountId: string): Promise<Map<string, FolderCounts>> {
  const rows = await sql<{ folderId: string; messages: number; unread: number }[]>`
    select c.folder_id as "folderId", count(distinct m.id)::int as messages, count(distinct m.id) filter (where not m.seen)::int as unread
    from message_copies c
    join folders f on f.id = c.folder_id
    join messages m on m.id = c.message_id
    where f.account_id = ${accountId} and f.user_id = ${userId} and m.user_id = ${userId} and m.orphaned_at is null
    group by c.folder_id`;
  return new Map(rows.map((row) => [row.folderId, { messages: row.messages, unread: row.unread }]));
}
