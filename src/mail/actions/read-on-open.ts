/**
 * "Read on open": opening an unread message asks the server to set \Seen,
 * through the journal like any other action, so every other client agrees.
 * The user can turn it off (users.read_on_open, migration 0030).
 *
 * It is not asked for when a read or unread change of the message is still
 * pending, nor shortly after the user marked it unread: the page they come
 * back to must not undo what they just did.
 */
import type { Queryable, Sql } from "../../db/connection.ts";
import { requestMessageAction } from "./request.ts";

/** How long a "mark unread" keeps the message unread on the next opening. */
const UNREAD_RESPECTED_MINUTES = 10;

/** The user's choices under Account → Reading: read on open, whether "done" also archives (finishMessages), and whether a snooze parks the message in the Snoozed folder (snoozeMessages). */
export type ReadingSettings = { readOnOpen: boolean; doneArchives: boolean; snoozeMoves: boolean };

export async function readingSettings(sql: Queryable, userId: string): Promise<ReadingSettings> {
  const [row] = await sql<ReadingSettings[]>`select read_on_open as "readOnOpen", done_archives as "doneArchives", snooze_moves as "snoozeMoves" from users where id = ${userId}`;
  return row ?? { readOnOpen: true, doneArchives: false, snoozeMoves: false };
}

export async function saveReadingSettings(sql: Sql, userId: string, settings: ReadingSettings): Promise<void> {
  await sql`update users set read_on_open = ${settings.readOnOpen}, done_archives = ${settings.doneArchives}, snooze_moves = ${settings.snoozeMoves} where id = ${userId}`;
}

/**
 * Requests `mark_read` for the user's unread message when their setting
 * says so. Returns whether the message is now to be shown as read.
 *
 * @example if (await markReadOnOpen(sql, user.id, message)) message = { ...message, seen: true };
 */
export async function markReadOnOpen(sql: Sql, userId: string, message: { id: string; seen: boolean }): Promise<boolean> {
  if (message.seen) return false;
  const [state] = await sql<{ on: boolean; pendingRead: boolean; keptUnread: boolean }[]>`
    select u.read_on_open as on,
           exists (select 1 from action_journal j
                   where j.message_id = ${message.id} and j.user_id = ${userId} and j.action = 'mark_read' and j.state = 'pending') as "pendingRead",
           exists (select 1 from action_journal j
                   where j.message_id = ${message.id} and j.user_id = ${userId} and j.action = 'mark_unread'
                     and (j.state = 'pending' or j.created_at > now() - make_interval(mins => ${UNREAD_RESPECTED_MINUTES}))) as "keptUnread"
    from users u where u.id = ${userId}`;
  if (!state?.on || state.keptUnread) return false;
  if (state.pendingRead) return true;
  const result = await requestMessageAction(sql, userId, message.id, { action: "mark_read" }, { requestedBy: "read_on_open" });
  return result.ok;
}
