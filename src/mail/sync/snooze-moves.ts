/**
 * Snoozed mail parked in the Snoozed folder (../actions/snooze-folder.ts)
 * as other mail clients see it. After a full sync:
 *
 * - a snoozed message whose parked copy left the Snoozed folder (the user
 *   dragged it back to the inbox in Thunderbird, or filed it elsewhere) is
 *   woken here too: the user has dealt with it, and the server already has
 *   it where they want it, so nothing is moved;
 * - a message woken here whose move back has not happened (the account was
 *   unreachable until the write-back gave up) gets that move asked for again,
 *   and one that left the folder by other means needs none.
 *
 * A message with a snooze or unsnooze still pending is left alone (the
 * write-back is about to move it), and so is one without any copy: a move
 * by another client shows as the copy vanishing from one folder before (or
 * after) it turns up in the other, and the sync that finds it decides.
 * Only a full sync looks: an INBOX-only sync has not seen the Snoozed folder
 * lose the copy, so the message would still look parked.
 */
import type { Sql } from "../../db/connection.ts";
import { journalMovesBack } from "../actions/snooze-folder.ts";

export interface SnoozeMoveTarget {
  userId: string;
  accountId: string;
}

/** Wakes snoozed messages taken out of the Snoozed folder elsewhere and re-asks lost moves back; returns how many of each. */
export async function followSnoozedMoves(sql: Sql, target: SnoozeMoveTarget): Promise<{ woken: number; movesBack: number }> {
  const parked = await sql<{ id: string; snoozed: boolean; inFolder: boolean }[]>`
    select m.id, m.snoozed_until is not null as snoozed,
           exists (select 1 from message_copies c join folders f on f.id = c.folder_id where c.message_id = m.id and f.chosen_role = 'snoozed') as "inFolder"
    from messages m
    where m.account_id = ${target.accountId} and m.user_id = ${target.userId} and m.snooze_moved
      and exists (select 1 from message_copies c where c.message_id = m.id)
      and not exists (select 1 from action_journal j where j.message_id = m.id and j.state = 'pending' and j.action in ('snooze', 'unsnooze'))`;
  const left = parked.filter((message) => !message.inFolder);
  const woken = left.filter((message) => message.snoozed).length;
  if (left.length > 0) {
    await sql`
      update messages set snoozed_until = null, snooze_moved = false
      where user_id = ${target.userId} and id = any(${left.map((message) => message.id)}::uuid[]) and snooze_moved`;
  }
  const stuck = parked.filter((message) => message.inFolder && !message.snoozed).map((message) => message.id);
  const movesBack = stuck.length > 0 ? await sql.begin((tx) => journalMovesBack(tx, target.userId, stuck)) : 0;
  return { woken, movesBack };
}
