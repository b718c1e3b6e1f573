/**
 * New INBOX mail fetched over the connection that is already open in IDLE,
 * instead of an INBOX sync job that opens a connection of its own (TLS,
 * LOGIN, a forked imap process on the server's side, SELECT): on EXISTS the
 * watcher leaves IDLE, UID FETCHes everything above the folder's stored
 * UIDNEXT, parses it in the parse pool, stores it through the sync's own
 * path (storeBatch) and re-enters IDLE. Measured with `bun run bench:idle`:
 * the sync jobs, four at a time, fell behind five appends a second.
 *
 * Only the easy case is done here; everything else answers "sync" and the
 * watcher queues the normal INBOX sync, which knows the whole state machine:
 *
 *   - a strict-mode user (the worker holds their key only through a live
 *     session; the job path waits for the sign-in properly);
 *   - the account's sync lease is held (a sync of the account runs: it
 *     either fetches the new mail itself or the queued job does after it);
 *   - INBOX not synced once yet, or its UIDVALIDITY differs from the stored one;
 *   - a gap: after the fetch, the copies stored are not as many as the
 *     server says INBOX holds (an expunge the watcher missed, a copy
 *     dropped); what was fetched stays stored.
 *
 * The fetch holds the account's sync lease like a sync, so it never runs
 * beside one; stores are idempotent (a copy is unique per folder,
 * UIDVALIDITY and UID; a known message only gains a copy), so a message
 * fetched here and again by a sync is stored once. The new messages'
 * analyses are queued ahead of bulk work (an initial sync's thousands) by
 * the store itself, in the same transaction.
 */
import type { ImapFlow } from "imapflow";
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../../auth/data-key-access.ts";
import type { Config } from "../../config.ts";
import type { MasterKeyring } from "../../crypto/master-key.ts";
import type { Sql } from "../../db/connection.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import type { Logger } from "../../log.ts";
import { recordSyncStored } from "../../metrics/record.ts";
import { searchKey, searchTokenizer } from "../../search/blind-index.ts";
import type { ImapSecurity } from "../accounts/store.ts";
import { listFolders } from "../folders.ts";
import { identityKeys } from "../message-identity.ts";
import { withAccountLock } from "../sync/sync-account.ts";
import { fetchNewMessages } from "../sync/sync-folder.ts";

export type IdleFetchOutcome =
  | { status: "stored"; fetched: number; newMessages: number }
  | { status: "sync"; reason: "account" | "strict" | "busy" | "folder" | "uidvalidity" | "gap"; fetched?: number; newMessages?: number };

export interface IdleFetchServices {
  sql: Sql;
  keyring: MasterKeyring;
  config: Config;
  log: Logger;
}

/** Counts of what this process fetched over IDLE (tests, the bench). */
export const idleFetchCounters = { stored: 0, fellBack: 0 };

/**
 * Fetches and stores the INBOX mail above the stored UIDNEXT over `client`,
 * which has the account's INBOX open (examined) and is not in IDLE while
 * this runs (its first command ends IDLE). "sync": the caller queues the
 * normal INBOX sync instead (or as well, after a gap).
 */
export async function fetchNewOverIdle(services: IdleFetchServices, client: ImapFlow, account: { id: string; userId: string; security: ImapSecurity }, holder: string): Promise<IdleFetchOutcome> {
  const outcome = await fetchOnce(services, client, account, holder);
  if (outcome.status === "stored") idleFetchCounters.stored++;
  else idleFetchCounters.fellBack++;
  return outcome;
}

async function fetchOnce(services: IdleFetchServices, client: ImapFlow, account: { id: string; userId: string; security: ImapSecurity }, holder: string): Promise<IdleFetchOutcome> {
  const { sql } = services;
  const [row] = await sql<{ enabled: boolean; status: string; syncSince: Date | null; maxMessageBytes: number | null; keyMode: string }[]>`
    select a.enabled, a.status, a.sync_since as "syncSince", a.max_message_bytes as "maxMessageBytes", u.key_mode as "keyMode"
    from mail_accounts a join users u on u.id = a.user_id
    where a.id = ${account.id} and a.user_id = ${account.userId} and u.status = 'active'`;
  if (!row?.enabled || row.status === "auth_failed") return { status: "sync", reason: "account" };
  if (row.keyMode !== "background") return { status: "sync", reason: "strict" };
  let dataKey: Awaited<ReturnType<typeof dataKeyForBackgroundWork>>;
  try {
    dataKey = await dataKeyForBackgroundWork(sql, services.keyring, services.config, account.userId);
  } catch (error) {
    if (error instanceof DataKeyUnavailableError) return { status: "sync", reason: "strict" };
    throw error;
  }

  const outcome = await withAccountLock(sql, account.id, `idle:${holder}`, async (): Promise<IdleFetchOutcome> => {
    const inbox = (await listFolders(sql, account.userId, account.id)).find((folder) => folder.specialUse === "inbox" && folder.selected && folder.existsOnServer);
    if (!inbox?.initialDone || inbox.uidvalidity === null || inbox.uidnext === null) return { status: "sync", reason: "folder" };
    const mailbox = client.mailbox;
    if (!mailbox || mailbox.path !== inbox.path) return { status: "sync", reason: "folder" };
    const uidvalidity = BigInt(inbox.uidvalidity);
    if (mailbox.uidValidity !== uidvalidity) return { status: "sync", reason: "uidvalidity" };

    const result = await fetchNewMessages(
      {
        sql,
        client,
        folder: inbox,
        target: {
          userId: account.userId,
          accountId: account.id,
          dataKey,
          identity: identityKeys(dataKey),
          searchTokens: searchTokenizer(searchKey(dataKey)),
          // Mail the user is waiting for: its analysis goes ahead of bulk work such as an initial sync's thousands.
          analysisPriority: JOB_PRIORITY.requestedAnalysis,
        },
        since: row.syncSince,
        maxMessageBytes: row.maxMessageBytes,
        log: services.log,
        onProgress: async () => {},
      },
      uidvalidity,
      Number(inbox.uidnext),
    );
    // The server's count now (EXISTS responses keep it current, also those during the fetch) against the copies
    // stored: equal unless something went by unseen (an expunge, a copy dropped), which is the sync's to find.
    const exists = client.mailbox ? client.mailbox.exists : mailbox.exists;
    const highest = Math.max(0, ...result.uids);
    const [{ copies }] = (await sql`select count(*)::int as copies from message_copies where folder_id = ${inbox.id} and uidvalidity = ${inbox.uidvalidity}`) as unknown as [{ copies: number }];
    const complete = copies === exists;
    // UIDNEXT moves past what is stored (the next fetch or sync starts there); the count only when it adds up,
    // so a sync after a gap still sees that the folder changed. HIGHESTMODSEQ stays: flag changes are the sync's.
    await sql`
      update folders set uidnext = greatest(uidnext, ${highest + 1}), message_count = case when ${complete} then ${exists} else message_count end
      where id = ${inbox.id} and uidvalidity = ${inbox.uidvalidity}`;
    if (result.newMessages > 0) recordSyncStored(account.security, result.newMessages);
    return complete ? { status: "stored", fetched: result.fetched, newMessages: result.newMessages } : { status: "sync", reason: "gap", fetched: result.fetched, newMessages: result.newMessages };
  });
  return outcome ?? { status: "sync", reason: "busy" };
}
