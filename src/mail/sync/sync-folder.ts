/**
 * Sync of one folder, the state machine EmailEngine proved:
 *
 *   STATUS → same UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and count → done, no FETCH at all.
 *   UIDVALIDITY changed → drop this folder's old copies and reseed it (the
 *     messages stay; they regain copies as they are fetched again).
 *   otherwise → flags changed since HIGHESTMODSEQ (CONDSTORE; a full flag
 *     rescan only without it), expunges (VANISHED with QRESYNC, else a UID
 *     comparison, and only when the counts say something went), then new
 *     UIDs in batches: one FETCH per batch, newest first.
 *
 * The folder's state is written only after everything is stored, and every
 * store is idempotent, so a crash anywhere just repeats some work.
 */
import type { ImapFlow } from "imapflow";
import type { Sql } from "../../db/connection.ts";
import type { Logger } from "../../log.ts";
import { MAX_UIDVALIDITY_RESETS, SYNC_BATCH_BYTES, SYNC_BATCH_MESSAGES } from "../../limits.ts";
import { SEARCH_INDEX_INLINE_MESSAGES } from "../../search/limits.ts";
import type { Folder } from "../folders.ts";
import { parseMessage } from "../parse/parse-message.ts";
import { followServerKeywords, hasKeywords } from "../../tags/server-keywords.ts";
import { markOrphaned } from "./orphans.ts";
import { storeBatch, type FetchedMessage, type StoreTarget } from "./store.ts";

export interface FolderSyncContext {
  sql: Sql;
  client: ImapFlow;
  folder: Folder;
  target: Omit<StoreTarget, "folderId" | "uidvalidity">;
  /** Only messages received on or after this day (initial sync). */
  since: Date | null;
  /** Larger messages are fetched up to this many bytes (their headers are what matters). */
  maxMessageBytes: number | null;
  log: Logger;
  /** Reports messages fetched and the folder's total to fetch, for progress. */
  onProgress(fetched: number, total: number): Promise<void>;
}

export interface FolderSyncResult {
  unchanged: boolean;
  newMessages: number;
  fetched: number;
  vanished: number;
  flagChanges: number;
  reseeded: boolean;
}

export class FolderPausedError extends Error {
  override name = "FolderPausedError";
}

const toBigInt = (value: string | null) => (value === null ? null : BigInt(value));

interface FlagUpdate {
  uid: number;
  flags: string[];
  modseq: string | null;
}

async function flagsChangedSince(ctx: FolderSyncContext, uidvalidity: bigint, modseq: bigint | null, useCondstore: boolean): Promise<number> {
  const changes: FlagUpdate[] = [];
  // With CONDSTORE only what changed since the last sync; without it, every message's flags.
  const options = useCondstore && modseq !== null ? { uid: true, changedSince: modseq } : { uid: true };
  for await (const message of ctx.client.fetch("1:*", { uid: true, flags: true }, options)) {
    if (message.uid !== undefined && message.flags) changes.push(flagUpdate(message));
  }
  return await applyFlagUpdates(ctx, uidvalidity, changes);
}

function flagUpdate(message: { uid: number; flags?: Set<string>; modseq?: bigint }): FlagUpdate {
  return { uid: message.uid, flags: serverFlags(message.flags), modseq: message.modseq === undefined ? null : String(message.modseq) };
}

/** Sets the flags of this folder's copies by UID (copies not stored yet are left alone); returns how many changed. */
async function applyFlagUpdates(ctx: FolderSyncContext, uidvalidity: bigint, changes: FlagUpdate[]): Promise<number> {
  if (changes.length === 0) return 0;
  const updated = await ctx.sql<{ messageId: string }[]>`
    update message_copies c set flags = u.flags, modseq = coalesce(u.modseq, c.modseq)
    from (
      select r.uid, array(select jsonb_array_elements_text(r.flags)) as flags, r.modseq::numeric as modseq
      from jsonb_to_recordset(${ctx.sql.json(changes as never)}) as r(uid bigint, flags jsonb, modseq text)
    ) u
    where c.folder_id = ${ctx.folder.id} and c.uidvalidity = ${String(uidvalidity)} and c.uid = u.uid and c.flags is distinct from u.flags
    returning c.message_id as "messageId"`;
  const messageIds = updated.map((row) => row.messageId);
  await refreshMessageFlags(ctx.sql, messageIds);
  await followServerKeywords(ctx.sql, ctx.target, messageIds, { learn: true });
  return updated.length;
}

/** The flags a copy keeps: sorted (so equal sets compare equal), without the session-only \\Recent. */
export function serverFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag !== "\\Recent").sort();
}

/** A message's own flags follow its copies: seen if any copy is seen, and so on (a message without copies keeps its flags). */
export async function refreshMessageFlags(sql: Sql, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await sql`
    update messages m set
      seen = agg.seen, flagged = agg.flagged, answered = agg.answered, draft = agg.draft
    from (
      select message_id,
             bool_or('\\Seen' = any(flags)) as seen, bool_or('\\Flagged' = any(flags)) as flagged,
             bool_or('\\Answered' = any(flags)) as answered, bool_or('\\Draft' = any(flags)) as draft
      from message_copies where message_id = any(${[...new Set(messageIds)]}::uuid[]) group by message_id
    ) agg
    where m.id = agg.message_id`;
}

/** Removes copies the server no longer has; messages left without any copy become orphans (purged after a full sync unless found elsewhere: a move). */
async function removeCopies(sql: Sql, folderId: string, uidvalidity: bigint, uids: number[] | "all-old"): Promise<number> {
  const removed =
    uids === "all-old"
      ? await sql<{ messageId: string }[]>`delete from message_copies where folder_id = ${folderId} and uidvalidity <> ${String(uidvalidity)} returning message_id as "messageId"`
      : await sql<
          { messageId: string }[]
        >`delete from message_copies where folder_id = ${folderId} and uidvalidity = ${String(uidvalidity)} and uid = any(${uids}::bigint[]) returning message_id as "messageId"`;
  await markOrphaned(
    sql,
    removed.map((row) => row.messageId),
  );
  return removed.length;
}

/** Removes the copies recorded at `recorded` whose UID the selected folder no longer has (counted as vanished); answers the server's UIDs. */
async function dropCopiesGoneFromServer(ctx: FolderSyncContext, uidvalidity: bigint, recorded: number[], result: FolderSyncResult): Promise<number[]> {
  const onServer = (await ctx.client.search({ all: true }, { uid: true })) || [];
  const serverUids = new Set(onServer);
  result.vanished += await removeCopies(
    ctx.sql,
    ctx.folder.id,
    uidvalidity,
    recorded.filter((uid) => !serverUids.has(uid)),
  );
  return onServer;
}

async function localUids(sql: Sql, folderId: string, uidvalidity: bigint): Promise<number[]> {
  const rows = await sql<{ uid: string }[]>`select uid::text from message_copies where folder_id = ${folderId} and uidvalidity = ${String(uidvalidity)}`;
  return rows.map((row) => Number(row.uid));
}

/** Splits UIDs (newest first) into batches bounded by count and by bytes. */
function batches(uids: number[], sizes: Map<number, number>): number[][] {
  const result: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0;
    if (current.length && (current.length >= SYNC_BATCH_MESSAGES || bytes + size > SYNC_BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length) result.push(current);
  return result;
}

/** UIDs of `candidates` this folder already holds a copy of. */
async function knownUids(sql: Sql, folderId: string, uidvalidity: bigint, candidates: number[]): Promise<Set<number>> {
  if (candidates.length === 0) return new Set();
  const rows = await sql<{ uid: string }[]>`
    select uid::text from message_copies where folder_id = ${folderId} and uidvalidity = ${String(uidvalidity)} and uid = any(${candidates}::bigint[])`;
  return new Set(rows.map((row) => Number(row.uid)));
}

/**
 * Fetches one batch (one FETCH) and parses it in the worker threads while
 * the bytes stream in. Not every untagged FETCH that arrives during the
 * command answers it: the server also reports other clients' flag changes
 * that way (RFC 3501 7.4.1), for any UID and without a body. Only a
 * requested UID that comes with its source is a message; every other
 * response is a flag update. (Storing those as messages once left a
 * hundred UIDs pointing at one empty message, whose deletion expunged the
 * hundred real ones.)
 */
async function fetchBatch(ctx: FolderSyncContext, batch: number[]): Promise<{ messages: FetchedMessage[]; flagUpdates: FlagUpdate[] }> {
  const requested = new Set(batch);
  const pending = new Map<number, Promise<FetchedMessage>>();
  // The newest flags seen per UID, in arrival order: a flag change may be reported after the message itself.
  const latestFlags = new Map<number, FlagUpdate>();
  const source = ctx.maxMessageBytes ? { maxLength: ctx.maxMessageBytes } : true;
  for await (const message of ctx.client.fetch(batch.join(","), { uid: true, flags: true, internalDate: true, size: true, source }, { uid: true })) {
    if (message.uid === undefined) continue; // a sequence-numbered notice: the flag sync after this one catches it
    if (message.flags) latestFlags.set(message.uid, flagUpdate(message));
    if (!requested.has(message.uid) || !message.source || pending.has(message.uid)) continue;
    const raw = message.source;
    pending.set(
      message.uid,
      parseMessage(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)).then((parsed) => ({
        uid: message.uid,
        flags: [],
        modseq: message.modseq ?? null,
        internalDate: message.internalDate ? new Date(message.internalDate) : null,
        size: message.size ?? raw.byteLength,
        parsed,
      })),
    );
  }
  const messages = await Promise.all(pending.values());
  for (const message of messages) message.flags = latestFlags.get(message.uid)?.flags ?? [];
  return { messages, flagUpdates: [...latestFlags.values()].filter((update) => !pending.has(update.uid)) };
}

/**
 * Fetches and stores the given UIDs in batches; returns messages fetched
 * and new. Pipelined: batch N is stored while batch N+1 is fetched and
 * parsed, so the database and the IMAP server work at the same time; never
 * more than two batches are in memory.
 */
async function fetchAndStore(ctx: FolderSyncContext, uidvalidity: bigint, wanted: number[], afterBatch: (batch: number[]) => Promise<void>): Promise<{ fetched: number; newMessages: number }> {
  // Copies already known (a move of ours told us the new UID; a resumed sync) are not downloaded again.
  const known = await knownUids(ctx.sql, ctx.folder.id, uidvalidity, wanted);
  const uids = wanted.filter((uid) => !known.has(uid));
  if (uids.length === 0) return { fetched: 0, newMessages: 0 };
  const sizes = new Map<number, number>();
  for await (const message of ctx.client.fetch(uids.join(","), { uid: true, size: true }, { uid: true })) {
    if (message.size !== undefined) sizes.set(message.uid, message.size); // flag notices of other UIDs come without a size
  }
  const present = uids.filter((uid) => sizes.has(uid)); // expunged meanwhile: nothing to fetch
  const totals = { fetched: 0, newMessages: 0 };
  // Many new messages (an initial sync): their search tokens are left to the index_messages job.
  const target: StoreTarget = { ...ctx.target, folderId: ctx.folder.id, uidvalidity, ...(present.length > SEARCH_INDEX_INLINE_MESSAGES && { searchTokens: "later" as const }) };
  await ctx.onProgress(0, present.length);
  let storing: Promise<void> = Promise.resolve();
  for (const batch of batches(present, sizes)) {
    const { messages, flagUpdates } = await fetchBatch(ctx, batch);
    await storing;
    storing = (async () => {
      const stored = await storeBatch(ctx.sql, target, messages);
      await followKeywordsOfNewCopies(ctx, uidvalidity, messages);
      await applyFlagUpdates(ctx, uidvalidity, flagUpdates);
      totals.fetched += messages.length;
      totals.newMessages += stored.newMessages;
      await afterBatch(batch);
      await ctx.onProgress(totals.fetched, present.length);
    })();
    storing.catch(() => {}); // awaited (and thrown) before the next store or at the end
  }
  await storing;
  return totals;
}

/**
 * New mail above `fromUid` in the folder the client has open (read-only is enough), fetched, parsed and stored as
 * the sync does it: for IDLE's fetch over its own connection (src/mail/idle/idle-fetch.ts). Answers the UIDs
 * stored; the folder's state rows are the caller's to update.
 */
export async function fetchNewMessages(ctx: FolderSyncContext, uidvalidity: bigint, fromUid: number): Promise<{ fetched: number; newMessages: number; uids: number[] }> {
  const uids: number[] = [];
  const totals = await fetchAndStore(ctx, uidvalidity, await uidsToFetch(ctx, fromUid, null), async (batch) => {
    uids.push(...batch);
  });
  return { ...totals, uids };
}

/** Copies that arrived with keywords (tags set in another client, or by us before a move): their messages' tags follow. */
async function followKeywordsOfNewCopies(ctx: FolderSyncContext, uidvalidity: bigint, messages: FetchedMessage[]): Promise<void> {
  const uids = messages.filter((message) => hasKeywords(message.flags)).map((message) => message.uid);
  if (uids.length === 0) return;
  const rows = await ctx.sql<{ messageId: string }[]>`
    select message_id as "messageId" from message_copies where folder_id = ${ctx.folder.id} and uidvalidity = ${String(uidvalidity)} and uid = any(${uids}::bigint[])`;
  await followServerKeywords(
    ctx.sql,
    ctx.target,
    rows.map((row) => row.messageId),
    { learn: true },
  );
}

/** UIDs from `from` up (and below `below`), newest first; with a "since" date only mail received since then. */
async function uidsToFetch(ctx: FolderSyncContext, from: number, below: number | null): Promise<number[]> {
  const range = below === null ? `${from}:*` : below > from ? `${from}:${below - 1}` : undefined;
  if (!range) return [];
  const found = (await ctx.client.search(ctx.since ? { uid: range, since: ctx.since } : { uid: range }, { uid: true })) || [];
  // "N:*" also matches the highest UID when it is below N, so filter again.
  return found.filter((uid) => uid >= from && (below === null || uid < below)).sort((a, b) => b - a);
}

/**
 * Whether the server's STATUS says nothing happened in the folder since its last sync: same UIDVALIDITY,
 * UIDNEXT, count and (CONDSTORE only: without it a flag change leaves no trace) HIGHESTMODSEQ.
 */
export function folderUnchanged(folder: Folder, status: { uidValidity?: bigint; uidNext?: number; messages?: number; highestModseq?: bigint }, condstore: boolean): boolean {
  return (
    folder.initialDone &&
    condstore &&
    status.uidValidity !== undefined &&
    status.highestModseq !== undefined &&
    toBigInt(folder.uidvalidity) === status.uidValidity &&
    folder.uidnext === String(status.uidNext) &&
    folder.messageCount === status.messages &&
    folder.highestmodseq === String(status.highestModseq)
  );
}

export async function syncFolder(ctx: FolderSyncContext): Promise<FolderSyncResult> {
  const { sql, client, folder } = ctx;
  const condstore = client.enabled.has("CONDSTORE") || client.enabled.has("QRESYNC");
  const status = await client.status(folder.path, { uidValidity: true, uidNext: true, messages: true, highestModseq: condstore });
  if (!status || status.uidValidity === undefined || status.uidNext === undefined) throw new Error(`no STATUS for ${folder.path}`);
  const serverValidity = status.uidValidity;
  const storedValidity = toBigInt(folder.uidvalidity);
  const result: FolderSyncResult = { unchanged: false, newMessages: 0, fetched: 0, vanished: 0, flagChanges: 0, reseeded: false };

  if (folderUnchanged(folder, status, condstore)) {
    await sql`update folders set last_synced_at = now() where id = ${folder.id}`;
    return { ...result, unchanged: true };
  }

  let initialDone = folder.initialDone;
  let lowUid = toBigInt(folder.initialLowUid);
  let fromUid = folder.uidnext ? Number(folder.uidnext) : 1;
  if (storedValidity !== null && storedValidity !== serverValidity) {
    if (folder.uidvalidityResets >= MAX_UIDVALIDITY_RESETS) {
      throw new FolderPausedError(`${folder.path}: UIDVALIDITY changed ${folder.uidvalidityResets} times; syncing this folder is paused until it is chosen again`);
    }
    ctx.log.warn("UIDVALIDITY changed: reseeding folder", { folderId: folder.id, resets: folder.uidvalidityResets + 1 });
    result.vanished += await removeCopies(sql, folder.id, serverValidity, "all-old");
    await sql`
      update folders set uidvalidity = null, uidnext = null, highestmodseq = null, initial_done = false, initial_low_uid = null,
                         uidvalidity_resets = uidvalidity_resets + 1
      where id = ${folder.id}`;
    result.reseeded = true;
    initialDone = false;
    lowUid = null;
    fromUid = 1;
  }

  // QRESYNC: SELECT with the last state reports expunges since then as VANISHED (EARLIER).
  const vanishedUids: number[] = [];
  const onExpunge = (event: { uid?: number; vanished: boolean }) => {
    if (event.vanished && event.uid) vanishedUids.push(event.uid);
  };
  client.on("expunge", onExpunge);
  const resume = initialDone && client.enabled.has("QRESYNC") && folder.highestmodseq ? { changedSince: BigInt(folder.highestmodseq), uidValidity: serverValidity } : {};
  const lock = await client.getMailboxLock(folder.path, { readOnly: true, ...resume });
  try {
    const mailbox = client.mailbox;
    if (!mailbox || mailbox.uidValidity !== serverValidity) throw new Error(`${folder.path} changed while opening it`);

    if (initialDone) {
      result.flagChanges = await flagsChangedSince(ctx, serverValidity, toBigInt(folder.highestmodseq), condstore);
      const fetchedNew = await fetchAndStore(ctx, serverValidity, await uidsToFetch(ctx, fromUid, null), async () => {});
      result.fetched += fetchedNew.fetched;
      result.newMessages += fetchedNew.newMessages;
      if (vanishedUids.length) result.vanished += await removeCopies(sql, folder.id, serverValidity, vanishedUids);
      // Whatever QRESYNC said (or if it is missing), the counts must agree; if not, compare UIDs both ways.
      const [{ copies }] = (await sql`select count(*)::int as copies from message_copies where folder_id = ${folder.id} and uidvalidity = ${String(serverValidity)}`) as unknown as [
        { copies: number },
      ];
      if (copies !== mailbox.exists) {
        const local = new Set(await localUids(sql, folder.id, serverValidity));
        const onServer = await dropCopiesGoneFromServer(ctx, serverValidity, [...local], result);
        // A UID below UIDNEXT that has no copy here (a copy dropped as damaged, a fetch cut short) is fetched now,
        // within the account's sync window like the initial sync.
        const wanted = ctx.since ? await uidsToFetch(ctx, 1, null) : onServer.sort((a, b) => b - a);
        const repaired = await fetchAndStore(
          ctx,
          serverValidity,
          wanted.filter((uid) => !local.has(uid)),
          async () => {},
        );
        result.fetched += repaired.fetched;
        result.newMessages += repaired.newMessages;
      }
    } else {
      // A copy already recorded here before the folder's first sync (a write-back's move into a folder it had just
      // created, such as Snoozed) may have been moved on by another client since: the server decides, as below.
      const recorded = await localUids(sql, folder.id, serverValidity);
      if (recorded.length > 0) await dropCopiesGoneFromServer(ctx, serverValidity, recorded, result);
      // Initial sync, newest first, resumable: below the lowest UID already stored, and anything new above it.
      const pending = await uidsToFetch(ctx, 1, lowUid === null ? null : Number(lowUid));
      const above = lowUid === null ? [] : await uidsToFetch(ctx, fromUid, null);
      const all = [...new Set([...above, ...pending])].sort((a, b) => b - a);
      const fetched = await fetchAndStore(ctx, serverValidity, all, async (batch) => {
        const lowest = Math.min(...batch);
        await sql`update folders set uidvalidity = ${String(serverValidity)}, initial_low_uid = least(coalesce(initial_low_uid, ${lowest}), ${lowest}) where id = ${folder.id}`;
      });
      result.fetched += fetched.fetched;
      result.newMessages += fetched.newMessages;
    }
    await sql`
      update folders set uidvalidity = ${String(serverValidity)}, uidnext = ${String(status.uidNext)},
        highestmodseq = ${status.highestModseq === undefined ? null : String(status.highestModseq)},
        message_count = ${status.messages ?? mailbox.exists}, initial_done = true, last_synced_at = now()
      where id = ${folder.id}`;
  } finally {
    lock.release();
    client.off("expunge", onExpunge);
  }
  return result;
}
