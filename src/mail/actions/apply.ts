/**
 * Carries out one journaled action on the IMAP server and then makes the
 * local copy follow what the server reports (flags fetched back, the new
 * UID a MOVE answered with, the UID gone after an expunge), never what was
 * requested. The journal records the same: done only when the server did
 * it, and `after` is the copies as they then are. Move, trash and delete
 * are in destructive.ts, copy and uncopy in copy.ts.
 */
import type { Services } from "../../services.ts";
import { dataKeyForBackgroundWork } from "../../auth/data-key-access.ts";
import { accountConnection, recordAccountStatus } from "../accounts/store.ts";
import { classifyImapError, ImapError } from "../imap/errors.ts";
import { withImapSession } from "../imap/session.ts";
import { identityKeys } from "../message-identity.ts";
import { refreshMessageFlags, serverFlags } from "../sync/sync-folder.ts";
import { ActionFailed, AwaitingSync, inCopyFolder, type ActionContext } from "./context.ts";
import type { ExpectedIdentity } from "./copy-identity.ts";
import { followServerKeywords } from "../../tags/server-keywords.ts";
import { moveTrashOrDelete } from "./destructive.ts";
import { copyMessage, uncopyMessage } from "./copy.ts";
import { currentCopies, type Copy } from "./local-copies.ts";
import { moveForSnooze } from "./snooze-folder.ts";
import { isOfflineAccount } from "../import/offline-account.ts";
import { performOfflineAction } from "../import/offline-actions.ts";
import type { ActionRequest } from "./request.ts";

const FLAG_CHANGES: Record<string, { add?: string[]; remove?: string[] }> = {
  mark_read: { add: ["\\Seen"] },
  mark_unread: { remove: ["\\Seen"] },
  flag: { add: ["\\Flagged"] },
  unflag: { remove: ["\\Flagged"] },
  mark_answered: { add: ["\\Answered"] },
};

async function changeFlags(ctx: ActionContext, copies: Copy[], change: { add?: string[]; remove?: string[] }): Promise<void> {
  const { sql, client } = ctx;
  const refusedIn: string[] = [];
  for (const copy of copies) {
    const found = await inCopyFolder(client, copy, async () => {
      if (change.add) await client.messageFlagsAdd({ uid: String(copy.uid) }, change.add, { uid: true });
      if (change.remove) await client.messageFlagsRemove({ uid: String(copy.uid) }, change.remove, { uid: true });
      // The server's answer, not the request: fetch the flags back.
      return await client.fetchOne(String(copy.uid), { uid: true, flags: true }, { uid: true });
    });
    if (found === "gone") throw new ActionFailed(`${copy.path} was reset on the server; the message will be found again by the next sync`);
    if (!found) await sql`delete from message_copies where id = ${copy.id}`;
    else {
      const flags = serverFlags(found.flags);
      await sql`update message_copies set flags = ${flags} where id = ${copy.id}`;
      // A keyword the folder does not keep (no \* in PERMANENTFLAGS) is not stored: the tag stays local there.
      if (change.add?.some((flag) => !flag.startsWith("\\") && !flags.some((kept) => kept.toLowerCase() === flag.toLowerCase()))) {
        await sql`update folders set keywords_refused = true where id = ${copy.folderId}`;
        refusedIn.push(copy.path);
      }
    }
  }
  await refreshMessageFlags(sql, [ctx.messageId]);
  await followServerKeywords(sql, { ...ctx.account, accountId: ctx.account.id, dataKey: ctx.dataKey }, [ctx.messageId], { learn: false, exceptJournalId: ctx.journalId });
  if (refusedIn.length === copies.length) throw new ActionFailed(`the server does not keep keywords in ${refusedIn.join(", ")}; the tag stays in Mail Helper only`);
}

async function perform(ctx: ActionContext, request: ActionRequest): Promise<void> {
  const local = await currentCopies(ctx.sql, ctx.messageId);
  if (request.action === "snooze" || request.action === "unsnooze") return moveForSnooze(ctx, request, local);
  if (request.action === "copy") return copyMessage(ctx, request, local);
  if (request.action === "uncopy") return uncopyMessage(ctx, request);
  const flagChange = FLAG_CHANGES[request.action] ?? (request.action === "add_keyword" ? { add: [request.keyword] } : request.action === "remove_keyword" ? { remove: [request.keyword] } : undefined);
  if (!flagChange) return moveTrashOrDelete(ctx, request, local);
  if (local.length === 0) throw new ActionFailed("the message is no longer on the server");
  return changeFlags(ctx, local, flagChange);
}

/**
 * `finalAttempt`: the job will not run again, so a retryable problem is
 * recorded as the failure it now is instead of leaving the journal pending.
 */
export async function applyMessageAction(services: Services, input: { journalId: string; userId: string; holder: string; finalAttempt?: boolean }): Promise<"done" | "failed" | "skipped"> {
  const { sql } = services;
  const [journal] = await sql<{ accountId: string; messageId: string | null; params: ActionRequest; state: string }[]>`
    select account_id as "accountId", message_id as "messageId", params, state from action_journal where id = ${input.journalId} and user_id = ${input.userId}`;
  if (!journal || journal.state !== "pending") return "skipped";
  const finish = async (state: "done" | "failed", error: string | null) => {
    const after = journal.messageId ? await currentCopies(sql, journal.messageId) : [];
    await sql`update action_journal set state = ${state}, error = ${error}, after = ${sql.json(after as never)}, finished_at = now() where id = ${input.journalId}`;
    return state;
  };
  // The message row goes when its last copy is expunged or a full sync purges it: either way it is not on the server.
  if (!journal.messageId) return finish("failed", "the message is no longer on the server");
  const [identity] = await sql<{ messageIdHash: Buffer; maxMessageBytes: number | null }[]>`
    select m.message_id_hash as "messageIdHash", a.max_message_bytes as "maxMessageBytes"
    from messages m join mail_accounts a on a.id = m.account_id where m.id = ${journal.messageId}`;
  if (!identity) return finish("failed", "the message is no longer on the server");
  // An offline mailbox (imported mail) has no server: the action changes the local copies only.
  if (await isOfflineAccount(sql, journal.accountId)) {
    try {
      await performOfflineAction(sql, { id: journal.accountId, userId: input.userId }, journal.messageId, journal.params);
      return await finish("done", null);
    } catch (error) {
      if (error instanceof ActionFailed) return finish("failed", error.message);
      throw error;
    }
  }
  const dataKey = await dataKeyForBackgroundWork(sql, services.keyring, services.config, input.userId);
  const connection = await accountConnection(sql, dataKey, input.userId, journal.accountId);
  if (!connection) return finish("failed", "the account was deleted");
  const account = { id: journal.accountId, userId: input.userId };
  const expected: ExpectedIdentity = { keys: identityKeys(dataKey), messageIdHash: Buffer.from(identity.messageIdHash), maxMessageBytes: identity.maxMessageBytes };
  try {
    await withImapSession(sql, connection, "action", input.holder, (client) =>
      perform({ sql, client, account, messageId: journal.messageId!, journalId: input.journalId, expected, dataKey }, journal.params),
    );
    return await finish("done", null);
  } catch (error) {
    if (error instanceof ActionFailed) return finish("failed", error.message);
    if (error instanceof AwaitingSync) {
      if (input.finalAttempt) return finish("failed", `${error.message}; no sync found it in time`);
      throw error;
    }
    if ((error as Error).name === "PostgresError") throw error;
    const failure = error instanceof ImapError ? error : classifyImapError(error);
    if (failure.reason === "auth") {
      await recordAccountStatus(sql, journal.accountId, "auth_failed", failure);
      return finish("failed", failure.message);
    }
    if (input.finalAttempt) return finish("failed", failure.message);
    throw failure; // transient: the job is retried with back-off
  }
}
