/**
 * Actions on the mail of an offline account: there is no server to write
 * back to, so the journaled action changes the local copies only, and is
 * done at once. Flags and keywords change the copies' flags; moves (move,
 * archive, junk, inbox, trash) re-file the copies under a new synthetic UID
 * in the target folder (made, if the account has none of that role);
 * delete removes the message. What needs a server (snooze's folder moves,
 * copy, uncopy) is recorded as not applicable.
 */
import type { Sql } from "../../db/connection.ts";
import { ActionFailed } from "../actions/context.ts";
import type { ActionRequest } from "../actions/request.ts";
import { refreshMessageFlags } from "../sync/sync-folder.ts";
import { offlineFolder } from "./offline-account.ts";

export const NOT_APPLICABLE_OFFLINE = "not applicable: the mailbox is offline (imported), there is no server to do this";

const FLAG_CHANGES: Record<string, { add?: string; remove?: string }> = {
  mark_read: { add: "\\Seen" },
  mark_unread: { remove: "\\Seen" },
  flag: { add: "\\Flagged" },
  unflag: { remove: "\\Flagged" },
  mark_answered: { add: "\\Answered" },
};

const ROLE_FOLDERS: Record<string, { role: string; path: string }> = {
  archive: { role: "archive", path: "Archive" },
  junk: { role: "junk", path: "Junk" },
  inbox: { role: "inbox", path: "INBOX" },
  trash: { role: "trash", path: "Trash" },
};

async function changeFlag(sql: Sql, messageId: string, change: { add?: string; remove?: string }): Promise<void> {
  if (change.add) await sql`update message_copies set flags = (select array_agg(distinct f order by f) from unnest(flags || ${change.add}::text) f) where message_id = ${messageId}`;
  if (change.remove) await sql`update message_copies set flags = array_remove(flags, ${change.remove}::text) where message_id = ${messageId}`;
  await refreshMessageFlags(sql, [messageId]);
}

async function targetFolder(sql: Sql, account: { id: string; userId: string }, request: ActionRequest): Promise<string> {
  if (request.action === "move") {
    const [folder] = await sql<{ id: string }[]>`select id from folders where id = ${request.folderId} and account_id = ${account.id}`;
    if (!folder) throw new ActionFailed("the folder is not in this mailbox");
    return folder.id;
  }
  const wanted = ROLE_FOLDERS[request.action]!;
  const [found] = await sql<{ id: string }[]>`
    select id from folders where account_id = ${account.id} and (chosen_role = ${wanted.role} or special_use = ${wanted.role} or (${wanted.role} = 'inbox' and upper(path) = 'INBOX'))
    order by chosen_role is null, special_use is null limit 1`;
  return found?.id ?? (await offlineFolder(sql, account.userId, account.id, wanted.path)).id;
}

async function moveCopies(sql: Sql, messageId: string, folderId: string): Promise<void> {
  await sql.begin(async (tx) => {
    // The target's UID sequence is taken under a lock on the folder, so two moves never give the same UID.
    await tx`select 1 from folders where id = ${folderId} for update`;
    const [next] = await tx<{ uid: string }[]>`select (coalesce(max(uid), 0) + 1)::text as uid from message_copies where folder_id = ${folderId}`;
    const copies = await tx<{ id: string; folderId: string }[]>`select id, folder_id as "folderId" from message_copies where message_id = ${messageId} order by id`;
    const [keep, ...rest] = copies;
    if (!keep) throw new ActionFailed("the message has no copy left");
    if (rest.length) await tx`delete from message_copies where id = any(${rest.map((copy) => copy.id)}::uuid[])`;
    if (keep.folderId !== folderId) await tx`update message_copies set folder_id = ${folderId}, uid = ${next!.uid}::bigint where id = ${keep.id}`;
  });
}

export async function performOfflineAction(sql: Sql, account: { id: string; userId: string }, messageId: string, request: ActionRequest): Promise<void> {
  const flag = FLAG_CHANGES[request.action];
  if (flag) return changeFlag(sql, messageId, flag);
  if (request.action === "add_keyword") return changeFlag(sql, messageId, { add: request.keyword });
  if (request.action === "remove_keyword") return changeFlag(sql, messageId, { remove: request.keyword });
  if (request.action === "delete") {
    await sql`delete from messages where id = ${messageId} and user_id = ${account.userId}`;
    return;
  }
  if (request.action === "move" || ROLE_FOLDERS[request.action]) return moveCopies(sql, messageId, await targetFolder(sql, account, request));
  throw new ActionFailed(NOT_APPLICABLE_OFFLINE);
}
