/**
 * Sync of one account: discover folders, sync the selected ones (INBOX
 * first), report progress, and after a full pass purge messages that no
 * folder holds any more. Never two at once per account: the job runs in the
 * account's own queue and also holds a lease on the account row.
 *
 * Authentication failures mark the account and stop (retrying would only
 * hammer the server with a wrong password); other failures are thrown so
 * the job is retried with back-off.
 */
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Services } from "../../services.ts";
import { learnFromJunkMoves } from "./junk-moves.ts";
import { markMovedBackBySync, switchImpreciseRules } from "../../rules/contradictions.ts";
import { followSnoozedMoves } from "./snooze-moves.ts";
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../../auth/data-key-access.ts";
import type { Sql } from "../../db/connection.ts";
import { accountConnection, recordAccountStatus } from "../accounts/store.ts";
import { type Folder, listFolders, saveDiscoveredFolders } from "../folders.ts";
import { classifyImapError, ImapError } from "../imap/errors.ts";
import { type DiscoveredFolder, listServerFolders } from "../imap/discover.ts";
import { withImapSession } from "../imap/session.ts";
import { searchKey, searchTokenizer } from "../../search/blind-index.ts";
import { identityKeys } from "../message-identity.ts";
import { recordSyncError, recordSyncStored } from "../../metrics/record.ts";
import { finishProgress, startProgress, updateProgress } from "./progress.ts";
import { FolderPausedError, folderUnchanged, syncFolder } from "./sync-folder.ts";
import { emitWebhookEvent } from "../../webhooks/emit.ts";

export type SyncScope = "all" | "inbox";

export type SyncOutcome =
  | { status: "done"; folders: number; fetched: number; newMessages: number; vanished: number; flagChanges: number; purged: number; junkMoves: number; snoozeReturns: number }
  | { status: "skipped"; reason: "disabled" | "offline" | "auth_failed" | "busy" | "key_unavailable" | "gone" }
  | { status: "auth_failed"; message: string };

/** A sync lease lasts this long unless renewed; renewed at a third of it. */
const SYNC_LEASE_MS = 2 * 60_000;

/** Holds the account's sync lease for the duration of `work`; undefined if another sync holds it (also IDLE's fetch of new mail, src/mail/idle/idle-fetch.ts). */
export async function withAccountLock<T>(sql: Sql, accountId: string, holder: string, work: () => Promise<T>): Promise<T | undefined> {
  const [taken] = await sql`
    update mail_accounts set sync_holder = ${holder}, sync_lease_until = now() + make_interval(secs => ${SYNC_LEASE_MS / 1000})
    where id = ${accountId} and (sync_lease_until is null or sync_lease_until < now())
    returning 1`;
  if (!taken) return undefined;
  const renew = setInterval(() => {
    sql`update mail_accounts set sync_lease_until = now() + make_interval(secs => ${SYNC_LEASE_MS / 1000}) where id = ${accountId} and sync_holder = ${holder}`.catch(() => {});
  }, SYNC_LEASE_MS / 3);
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await releaseSyncLease(sql, accountId, holder);
  }
}

/** Gives the lease back, trying for a few seconds (the database may be restarting); if that fails, it expires by itself. */
async function releaseSyncLease(sql: Sql, accountId: string, holder: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await sql`update mail_accounts set sync_holder = null, sync_lease_until = null where id = ${accountId} and sync_holder = ${holder}`;
      return;
    } catch {
      await Bun.sleep(500);
    }
  }
}

/** Whether the stored folders already say what the server listed (no write needed): same paths, names, delimiters and roles, none gone. */
function sameFolders(known: Folder[], discovered: DiscoveredFolder[]): boolean {
  const listed = new Map(discovered.map((folder) => [folder.path, folder]));
  const present = known.filter((folder) => folder.existsOnServer);
  return (
    present.length === listed.size &&
    present.every((folder) => {
      const match = listed.get(folder.path);
      return match !== undefined && match.name === folder.name && match.delimiter === folder.delimiter && match.specialUse === folder.specialUse;
    })
  );
}

/**
 * What only a full pass can tell, once it is done: messages no folder holds any more since before it began are
 * purged (a move would have found the new copy), Junk moves become corrections, snoozed mail taken out of the
 * Snoozed folder elsewhere wakes, and rules whose moves the user undid in any client lose precision. Three
 * independent chains, side by side: the purge touches only messages without copies, the Junk and snooze steps
 * (one after the other: both update messages with copies) only messages with copies, the rules step only rule
 * matches. A quiet resync costs two round trips here instead of four.
 */
async function followUpFullPass(sql: Sql, pass: { userId: string; accountId: string; dataKey: SecretKey; started: Date }): Promise<{ purged: number; junkMoves: number; snoozeReturns: number }> {
  const [purged, [junkMoves, snoozeReturns]] = await Promise.all([
    sql`
      delete from messages where account_id = ${pass.accountId} and orphaned_at < ${pass.started}
        and not exists (select 1 from message_copies c where c.message_id = messages.id)`,
    (async () => {
      const learned = await learnFromJunkMoves(sql, { userId: pass.userId, accountId: pass.accountId, dataKey: pass.dataKey, syncStarted: pass.started });
      return [learned, (await followSnoozedMoves(sql, { userId: pass.userId, accountId: pass.accountId })).woken] as const;
    })(),
    (async () => switchImpreciseRules(sql, pass.userId, await markMovedBackBySync(sql, pass.userId, pass.accountId)))(),
  ]);
  return { purged: purged.count, junkMoves, snoozeReturns };
}

export async function syncAccount(services: Services, input: { accountId: string; userId: string; scope: SyncScope; holder: string }): Promise<SyncOutcome> {
  const { sql, log } = services;
  const [account] = await sql<{ kind: string; enabled: boolean; status: string; syncSince: Date | null; maxMessageBytes: number | null }[]>`
    select kind, enabled, status, sync_since as "syncSince", max_message_bytes as "maxMessageBytes"
    from mail_accounts where id = ${input.accountId} and user_id = ${input.userId}`;
  if (!account) return { status: "skipped", reason: "gone" };
  if (!account.enabled) return { status: "skipped", reason: "disabled" };
  // An offline mailbox (imported mail, src/mail/import/) has no server to sync with.
  if (account.kind === "offline") return { status: "skipped", reason: "offline" };
  if (account.status === "auth_failed") return { status: "skipped", reason: "auth_failed" };

  let dataKey: SecretKey;
  try {
    dataKey = await dataKeyForBackgroundWork(sql, services.keyring, services.config, input.userId);
  } catch (error) {
    if (!(error instanceof DataKeyUnavailableError)) throw error;
    await startProgress(sql, input.accountId, input.userId, "waiting_for_sign_in");
    return { status: "skipped", reason: "key_unavailable" };
  }
  const connection = (await accountConnection(sql, dataKey, input.userId, input.accountId))!;
  const accountLog = log.child({ accountId: input.accountId });
  // One of each for the whole sync: every folder's batches share the keys and the search terms already hashed.
  const identity = identityKeys(dataKey);
  const searchTokens = searchTokenizer(searchKey(dataKey));

  const outcome = await withAccountLock(sql, input.accountId, input.holder, async (): Promise<SyncOutcome> => {
    const started = new Date();
    // The poll is due by the last full sync: INBOX syncs after every IDLE push must not hold back the other folders.
    await sql`
      update mail_accounts set last_sync_started_at = ${started},
        last_full_sync_started_at = case when ${input.scope === "all"} then ${started} else last_full_sync_started_at end
      where id = ${input.accountId}`;
    await startProgress(sql, input.accountId, input.userId, "connecting");
    const totals = { folders: 0, fetched: 0, newMessages: 0, vanished: 0, flagChanges: 0, purged: 0, junkMoves: 0, snoozeReturns: 0 };
    const paused: string[] = [];
    let afterFullPass: ReturnType<typeof followUpFullPass> | undefined;
    try {
      await withImapSession(sql, connection, "sync", input.holder, async (client) => {
        // One LIST answers every folder's STATUS too (LIST-STATUS): an unchanged folder costs no round trip of its own.
        const discovered = await listServerFolders(client, { withStatus: true });
        let known = await listFolders(sql, input.userId, input.accountId);
        if (!sameFolders(known, discovered)) {
          await saveDiscoveredFolders(sql, input.userId, input.accountId, discovered);
          known = await listFolders(sql, input.userId, input.accountId);
        }
        const wanted = known.filter((folder) => folder.selected && folder.existsOnServer && (input.scope === "all" || folder.specialUse === "inbox"));
        const condstore = client.enabled.has("CONDSTORE") || client.enabled.has("QRESYNC");
        const listedStatus = new Map(discovered.map((folder) => [folder.path, folder.status]));
        const unchanged = wanted.filter((folder) => {
          const status = listedStatus.get(folder.path);
          return status !== undefined && folderUnchanged(folder, status, condstore);
        });
        const folders = wanted.filter((folder) => !unchanged.includes(folder));
        totals.folders = unchanged.length;
        await updateProgress(sql, input.accountId, { phase: "syncing", foldersTotal: wanted.length, foldersDone: totals.folders });
        // Fetched and total over the folders so far; a folder's total is known once its sync starts.
        let fetchedBefore = 0;
        let totalBefore = 0;
        for (const folder of folders) {
          let folderTotal = 0;
          await updateProgress(sql, input.accountId, { currentFolder: folder.path });
          try {
            const result = await syncFolder({
              sql,
              client,
              folder,
              target: { userId: input.userId, accountId: input.accountId, dataKey, identity, searchTokens },
              since: account.syncSince,
              maxMessageBytes: account.maxMessageBytes,
              log: accountLog,
              onProgress: (fetched, total) => {
                folderTotal = total;
                return updateProgress(sql, input.accountId, { fetched: fetchedBefore + fetched, total: totalBefore + total });
              },
            });
            totals.fetched += result.fetched;
            totals.newMessages += result.newMessages;
            totals.vanished += result.vanished;
            totals.flagChanges += result.flagChanges;
            fetchedBefore = totals.fetched;
            totalBefore += folderTotal;
          } catch (error) {
            if (!(error instanceof FolderPausedError)) throw error;
            paused.push(error.message);
          }
          totals.folders += 1;
          await updateProgress(sql, input.accountId, { foldersDone: totals.folders });
        }
        // Looked at by this pass, stamped when the pass is done: a message the changed folders orphaned meanwhile is
        // not elsewhere, and an action waiting for "every folder looked at since" (src/mail/actions/destructive.ts) may decide.
        if (unchanged.length) await sql`update folders set last_synced_at = now() where id = any(${unchanged.map((folder) => folder.id)}::uuid[])`;
        // The pass is complete: its database follow-ups run while the session logs out and gives its lease back.
        if (input.scope === "all") {
          afterFullPass = followUpFullPass(sql, { userId: input.userId, accountId: input.accountId, dataKey, started });
          afterFullPass.catch(() => {}); // awaited (and thrown) below
        }
      });
      if (afterFullPass) Object.assign(totals, await afterFullPass);
    } catch (error) {
      // Database and programming errors keep their own type; only IMAP failures are classified for the user.
      if ((error as Error).name === "PostgresError" || error instanceof TypeError) {
        recordSyncError(connection.security, "internal");
        await finishProgress(sql, input.accountId, { reason: "internal", message: "internal error" });
        throw error;
      }
      const failure = error instanceof ImapError ? error : classifyImapError(error);
      recordSyncError(connection.security, failure.reason);
      await finishProgress(sql, input.accountId, failure);
      await emitWebhookEvent(sql, input.userId, "sync.failed", { accountId: input.accountId, reason: failure.reason });
      if (failure.reason === "auth") {
        await recordAccountStatus(sql, input.accountId, "auth_failed", failure);
        accountLog.warn("IMAP sign-in refused; account stopped until the password is fixed");
        return { status: "auth_failed", message: failure.message };
      }
      await recordAccountStatus(sql, input.accountId, "error", failure);
      throw failure;
    }
    await sql`update mail_accounts set last_sync_at = now() where id = ${input.accountId}`;
    await recordAccountStatus(sql, input.accountId, paused.length ? "error" : "ok", paused.length ? { reason: "folder_paused", message: paused.join("; ") } : undefined);
    await finishProgress(sql, input.accountId, null);
    accountLog.info("account synced", { scope: input.scope, ...totals });
    recordSyncStored(connection.security, totals.newMessages);
    return { status: "done", ...totals };
  });
  return outcome ?? { status: "skipped", reason: "busy" };
}
