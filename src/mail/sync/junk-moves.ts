/**
 * Moving mail into or out of the Junk folder in any mail client (the
 * phone, Thunderbird, the provider's web mail) is the user saying "spam" or
 * "not spam". After a full sync, messages whose Junk state changed since
 * the last one become spam corrections, counted once: a correction is only
 * made when it changes the analysis, so later syncs that see the same state
 * add nothing. Mail that arrived in Junk is the server's verdict (read by
 * the analyser from the folder role), not a correction; so is a message
 * first seen in this sync. Deleting mail from Junk is not "not spam": a
 * message without any copy keeps its state until it is purged.
 */
import { applyCorrection } from "../../analysis/corrections.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";

export interface JunkMoveTarget {
  userId: string;
  accountId: string;
  dataKey: SecretKey;
  /** When this sync began: messages stored since are first seen, not moved. */
  syncStarted: Date;
}

/** Records each message's new Junk state; returns how many moves became corrections. */
export async function learnFromJunkMoves(sql: Sql, target: JunkMoveTarget): Promise<number> {
  const moved = await sql<{ id: string; inJunk: boolean; seenBefore: boolean }[]>`
    with junk as (
      select distinct c.message_id as id from message_copies c join folders f on f.id = c.folder_id
      where f.account_id = ${target.accountId} and f.special_use = 'junk'
    ), changed as (
      select m.id, true as in_junk from messages m join junk using (id) where not m.in_junk
      union all
      select m.id, false from messages m
      where m.account_id = ${target.accountId} and m.in_junk and m.id not in (select id from junk)
        and exists (select 1 from message_copies c where c.message_id = m.id)
    )
    update messages m set in_junk = changed.in_junk from changed where m.id = changed.id and m.user_id = ${target.userId}
    returning m.id, m.in_junk as "inJunk", m.created_at < ${target.syncStarted} as "seenBefore"`;
  let corrections = 0;
  for (const message of moved.filter((row) => row.seenBefore)) {
    const result = await applyCorrection(sql, target.dataKey, target.userId, message.id, { spam: message.inJunk });
    if (result.ok && result.changed.length > 0) corrections++;
  }
  return corrections;
}
