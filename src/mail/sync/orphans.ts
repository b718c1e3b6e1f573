/**
 * A message whose last server copy went is an orphan: hidden at once, and
 * purged by the next full sync unless a copy turns up elsewhere first (a
 * move, a renamed folder), in which case it keeps its analysis and history.
 */
import type { Queryable } from "../../db/connection.ts";

/** Marks those of `messageIds` that no folder holds any more. */
export async function markOrphaned(sql: Queryable, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await sql`
    update messages set orphaned_at = now()
    where id = any(${[...new Set(messageIds)]}::uuid[]) and orphaned_at is null
      and not exists (select 1 from message_copies c where c.message_id = messages.id)`;
}
