/**
 * "Done" is the user's own bookkeeping, not a server state: it changes here,
 * at once, with no journal entry and nothing written back over IMAP, unless
 * the user chose that done also archives (finishMessages).
 */
import type { Sql } from "../../db/connection.ts";
import { requestBulkAction } from "./bulk.ts";
import { readingSettings } from "./read-on-open.ts";

/** Marks one message of the user done or not done; another user's id changes nothing. */
export async function setMessageDone(sql: Sql, userId: string, messageId: string, done: boolean): Promise<void> {
  await sql`update messages set done_at = ${done ? sql`now()` : null} where id = ${messageId} and user_id = ${userId}`;
}

/**
 * Marks the user's messages among `ids` done or not done. `changed` counts
 * those whose mark changed, `owned` those that are the user's at all, so the
 * caller can tell "none of yours" from "already so".
 */
export async function setMessagesDone(sql: Sql, userId: string, ids: string[], done: boolean): Promise<{ changed: number; owned: number }> {
  const changed = done
    ? await sql`update messages set done_at = now() where user_id = ${userId} and id = any(${ids}::uuid[]) and done_at is null returning id`
    : await sql`update messages set done_at = null where user_id = ${userId} and id = any(${ids}::uuid[]) and done_at is not null returning id`;
  const [owned] = await sql<{ n: number }[]>`select count(*)::int as n from messages where user_id = ${userId} and id = any(${ids}::uuid[])`;
  return { changed: changed.length, owned: owned!.n };
}

/**
 * "Erledigt" as the user set it up: done here and, when they chose
 * "done also archives" (users.done_archives), archived on the server too.
 * Returns the archive's batch and its first journal entry (what an undo
 * names), for its undo notice; null when nothing was sent to the server.
 */
export async function finishMessages(sql: Sql, userId: string, ids: string[]): Promise<{ changed: number; owned: number; archiveBatch: string | null; archiveJournalId: string | null }> {
  const marked = await setMessagesDone(sql, userId, ids, true);
  if (!(await readingSettings(sql, userId)).doneArchives || marked.owned === 0) return { ...marked, archiveBatch: null, archiveJournalId: null };
  const archived = await requestBulkAction(sql, userId, ids, { action: "archive" });
  return { ...marked, archiveBatch: archived.queued > 0 ? archived.batchId : null, archiveJournalId: archived.journalId };
}
