/**
 * Carries out one journaled action on the IMAP server and then makes the
 * local copy follow what the server reports (flags fetched back, the new
 * UID a MOVE answered with), never what was requested. Deleting expunges
 * exactly that UID (UID EXPUNGE); a server without UIDPLUS gets no delete,
 * because a plain EXPUNGE would also remove every other message marked
 * deleted.
 */
import type { ImapFlow } from "imapflow";
import { dataKeyForBackgroundWork } from "../../auth/data-key-access.ts";
import type { Sql } from "../../db/connection.ts";
import { accountConnection, recordAccountStatus } from "../accounts.ts";
import { classifyImapError, ImapError } from "../imap/errors.ts";
import { withImapSession } from "../imap/session.ts";
import type { SyncServices } from "../sync/sync-account.ts";
import { refreshMessageFlags, serverFlags } from "../sync/sync-folder.ts";
import { requestSync } from "../sync/request.ts";
import type { ActionRequest } from "./request.ts";

interface Copy {
  id: string;
  folderId: string;
  path: string;
  specialUse: string | null;
  uid: number;
  uidvalidity: string;
}

/** A problem no retry fixes: the journal records it and the job ends. */
class ActionFailed extends Error {
  override name = "ActionFailed";
}

const FLAG_CHANGES: Record<string, { add?: string[]; remove?: string[] }> = {
  mark_read: { add: ["\\Seen"] },
  mark_unread: { remove: ["\\Seen"] },
  flag: { add: ["\\Flagged"] },
  unflag: { remove: ["\\Flagged"] },
};

async function currentCopies(sql: Sql, messageId: string): Promise<Copy[]> {
  return await sql<Copy[]>`
    select c.id::text, c.folder_id as "folderId", f.path, f.special_use as "specialUse", c.uid::int as uid, c.uidvalidity::text
    from message_copies c join folders f on f.id = c.folder_id
    where c.message_id = ${messageId} order by f.special_use = 'inbox' desc, f.path`;
}

/** Opens the copy's folder read-write; fails if the folder was reset meanwhile (the copy's UID means nothing there now). */
async function openCopy<T>(client: ImapFlow, copy: Copy, work: () => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock(copy.path);
  try {
    if (String(client.mailbox && client.mailbox.uidValidity) !== copy.uidvalidity) throw new ActionFailed(`${copy.path} was reset on the server; the message will be found again by the next sync`);
    return await work();
  } finally {
    lock.release();
  }
}

async function changeFlags(sql: Sql, client: ImapFlow, messageId: string, copies: Copy[], change: { add?: string[]; remove?: string[] }): Promise<void> {
  for (const copy of copies) {
    await openCopy(client, copy, async () => {
      if (change.add) await client.messageFlagsAdd({ uid: String(copy.uid) }, change.add, { uid: true });
      if (change.remove) await client.messageFlagsRemove({ uid: String(copy.uid) }, change.remove, { uid: true });
      // The server's answer, not the request: fetch the flags back.
      const message = await client.fetchOne(String(copy.uid), { uid: true, flags: true }, { uid: true });
      if (!message) {
        await sql`delete from message_copies where id = ${copy.id}`;
        return;
      }
      await sql`update message_copies set flags = ${serverFlags(message.flags)} where id = ${copy.id}`;
    });
  }
  await refreshMessageFlags(sql, [messageId]);
}

async function move(sql: Sql, client: ImapFlow, account: { id: string; userId: string }, copy: Copy, target: { id: string; path: string }): Promise<void> {
  if (copy.folderId === target.id) return;
  const result = await openCopy(client, copy, () => client.messageMove({ uid: String(copy.uid) }, target.path, { uid: true }));
  if (!result) throw new ActionFailed("the server did not move the message (it is no longer in its folder)");
  const newUid = result.uidMap?.get(copy.uid);
  await sql.begin(async (tx) => {
    const [old] = await tx<{ messageId: string; flags: string[]; modseq: string | null }[]>`
      delete from message_copies where id = ${copy.id} returning message_id as "messageId", flags, modseq::text`;
    if (newUid !== undefined && result.uidValidity !== undefined && old) {
      // COPYUID told us the new UID: the copy moves with no re-download (a sync may have found it first).
      await tx`
        insert into message_copies (message_id, folder_id, uidvalidity, uid, flags)
        values (${old.messageId}, ${target.id}, ${String(result.uidValidity)}, ${newUid}, ${old.flags})
        on conflict (folder_id, uidvalidity, uid) do nothing`;
    }
  });
  // Without COPYUID the next sync finds the message in its new folder and links it (same identity).
  if (newUid === undefined) await requestSync(sql, account, "all");
}

async function expungeCopy(sql: Sql, client: ImapFlow, messageId: string, copy: Copy): Promise<void> {
  if (!client.capabilities.has("UIDPLUS")) throw new ActionFailed("the server lacks UIDPLUS: deleting one message would expunge every message marked deleted, so it is not done");
  await openCopy(client, copy, () => client.messageDelete({ uid: String(copy.uid) }, { uid: true }));
  await sql`delete from message_copies where id = ${copy.id}`;
  await sql`delete from messages where id = ${messageId} and not exists (select 1 from message_copies where message_id = ${messageId})`;
}

async function perform(sql: Sql, client: ImapFlow, account: { id: string; userId: string }, messageId: string, request: ActionRequest): Promise<void> {
  const copies = await currentCopies(sql, messageId);
  if (copies.length === 0) throw new ActionFailed("the message is no longer on the server");
  const flagChange = FLAG_CHANGES[request.action];
  if (flagChange) return changeFlags(sql, client, messageId, copies, flagChange);
  if (request.action === "add_keyword" || request.action === "remove_keyword") {
    return changeFlags(sql, client, messageId, copies, request.action === "add_keyword" ? { add: [request.keyword] } : { remove: [request.keyword] });
  }
  const source = copies[0]!;
  if (request.action === "move") {
    const [target] = await sql<{ id: string; path: string }[]>`select id, path from folders where id = ${request.folderId} and account_id = ${account.id}`;
    if (!target) throw new ActionFailed("the target folder no longer exists");
    return move(sql, client, account, source, target);
  }
  if (request.action === "trash") {
    const [trash] = await sql<{ id: string; path: string }[]>`select id, path from folders where account_id = ${account.id} and special_use = 'trash' and exists_on_server`;
    if (!trash) throw new ActionFailed("the account has no Trash folder");
    // Already in the Trash: moving there again means deleting for good.
    return source.folderId === trash.id ? expungeCopy(sql, client, messageId, source) : move(sql, client, account, source, trash);
  }
  for (const copy of copies) await expungeCopy(sql, client, messageId, copy);
}

export async function applyMessageAction(services: SyncServices, input: { journalId: string; userId: string; holder: string }): Promise<"done" | "failed" | "skipped"> {
  const { sql } = services;
  const [journal] = await sql<{ accountId: string; messageId: string | null; params: ActionRequest; state: string }[]>`
    select account_id as "accountId", message_id as "messageId", params, state from action_journal where id = ${input.journalId} and user_id = ${input.userId}`;
  if (!journal || journal.state !== "pending") return "skipped";
  const finish = async (state: "done" | "failed", error: string | null) => {
    const after = journal.messageId ? await currentCopies(sql, journal.messageId) : [];
    await sql`update action_journal set state = ${state}, error = ${error}, after = ${sql.json(after as never)}, finished_at = now() where id = ${input.journalId}`;
    return state;
  };
  if (!journal.messageId) return finish("failed", "the message was deleted");
  const dataKey = await dataKeyForBackgroundWork(sql, services.keyring, services.config, input.userId);
  const connection = await accountConnection(sql, dataKey, input.userId, journal.accountId);
  if (!connection) return finish("failed", "the account was deleted");
  const account = { id: journal.accountId, userId: input.userId };
  try {
    await withImapSession(sql, connection, "action", input.holder, (client) => perform(sql, client, account, journal.messageId!, journal.params));
    return await finish("done", null);
  } catch (error) {
    if (error instanceof ActionFailed) return finish("failed", error.message);
    if ((error as Error).name === "PostgresError") throw error;
    const failure = error instanceof ImapError ? error : classifyImapError(error);
    if (failure.reason === "auth") {
      await recordAccountStatus(sql, journal.accountId, "auth_failed", failure.message);
      return finish("failed", failure.message);
    }
    throw failure; // transient: the job is retried with back-off
  }
}
