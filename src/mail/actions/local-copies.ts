/**
 * The local side of a write-back: where the message's copies are thought to
 * be, and the changes that make them follow what the server answered.
 */
import type { Sql } from "../../db/connection.ts";
import { markOrphaned } from "../sync/orphans.ts";

export interface Copy {
  /** null for a copy known only from the journal (no local row any more). */
  id: string | null;
  folderId: string;
  path: string;
  specialUse: string | null;
  uid: number;
  uidvalidity: string;
}

export async function currentCopies(sql: Sql, messageId: string): Promise<Copy[]> {
  return await sql<Copy[]>`
    select c.id::text, c.folder_id as "folderId", f.path, f.special_use as "specialUse", c.uid::int as uid, c.uidvalidity::text
    from message_copies c join folders f on f.id = c.folder_id
    where c.message_id = ${messageId} order by f.special_use = 'inbox' desc, f.path, c.uid`;
}

/**
 * The copies the journal saw when the action was asked for, in folders that
 * still exist. A sync may have dropped a local copy the server still has
 * (or moved meanwhile): the action checks these on the server instead of
 * giving up.
 */
export async function journalCopies(sql: Sql, journalId: string): Promise<Copy[]> {
  return await sql<Copy[]>`
    select null as id, f.id as "folderId", f.path, f.special_use as "specialUse", b.uid::int as uid, b.uidvalidity
    from action_journal j
    cross join jsonb_to_recordset(coalesce(j.before, '[]')) as b("folderId" uuid, uid text, uidvalidity text)
    join folders f on f.id = b."folderId"
    where j.id = ${journalId}
    order by f.special_use = 'inbox' desc, f.path, b.uid::int`;
}

/** Drops copies the server does not hold (or holds as another message), like sync does: a message left without any copy is orphaned. */
export async function dropCopies(sql: Sql, messageId: string, copies: Copy[]): Promise<void> {
  const ids = copies.flatMap((copy) => (copy.id === null ? [] : [copy.id]));
  if (ids.length === 0) return;
  await sql.begin(async (tx) => {
    await tx`delete from message_copies where id = any(${ids}::bigint[])`;
    await markOrphaned(tx, [messageId]);
  });
}

/**
 * Has the next sync compare these folders' UIDs with the server's: a folder
 * that forgot its message count never takes the "nothing changed" short-cut,
 * and a count that disagrees makes the sync fetch every UID it holds no copy
 * of (src/mail/sync/sync-folder.ts), such as one whose wrong copy was dropped.
 */
export async function rescanFolders(sql: Sql, folderIds: string[]): Promise<void> {
  await sql`update folders set message_count = null where id = any(${folderIds}::uuid[])`;
}

/** The source copy is gone and, when COPYUID said where, the target copy is there (a sync may have found it first). */
export async function recordMove(sql: Sql, messageId: string, source: Copy, target: { folderId: string; uidvalidity: string; uid: number; flags: string[] } | null): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from message_copies where message_id = ${messageId} and folder_id = ${source.folderId} and uidvalidity = ${source.uidvalidity} and uid = ${source.uid}`;
    if (target) {
      await tx`
        insert into message_copies (message_id, folder_id, uidvalidity, uid, flags)
        values (${messageId}, ${target.folderId}, ${target.uidvalidity}, ${target.uid}, ${target.flags})
        on conflict (folder_id, uidvalidity, uid) do nothing`;
      // A concurrent sync may have orphaned it when the source vanished: it has a copy again.
      await tx`update messages set orphaned_at = null where id = ${messageId} and orphaned_at is not null`;
    } else {
      // Where it went is for the sync to find; until then it is listed nowhere, as after a move by another client.
      await markOrphaned(tx, [messageId]);
    }
  });
}

/** The expunged copy is gone; a message with no copy left is deleted (it was deleted on purpose, nothing to find again). */
export async function recordExpunge(sql: Sql, messageId: string, copy: Copy): Promise<void> {
  await sql.begin(async (tx) => {
    // By place, not row id: a copy known only from the journal may have been linked again by a sync meanwhile.
    await tx`delete from message_copies where message_id = ${messageId} and folder_id = ${copy.folderId} and uidvalidity = ${copy.uidvalidity} and uid = ${copy.uid}`;
    await tx`delete from messages where id = ${messageId} and not exists (select 1 from message_copies where message_id = ${messageId})`;
  });
}
