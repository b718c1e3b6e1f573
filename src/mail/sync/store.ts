/**
 * Stores one fetched batch in one transaction: new messages (encrypted),
 * their server copies, attachments, thread links, and a `process_message`
 * job for each new message, so a crash leaves either all of it or none.
 * A copy of a message already known (another folder: a move; the same
 * folder after a UIDVALIDITY change) only adds the copy: no duplicate, no
 * second analysis.
 */
import type { TransactionSql } from "postgres";
import { encrypt } from "../../crypto/aead.ts";
import { byteaArray } from "../../db/bytea.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { addJobs } from "../../jobs/add-job.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import type { ParsedMessage } from "../parse/parse-message.ts";
import { searchKey, searchTokenizer } from "../../search/blind-index.ts";
import { indexMessagesJob } from "../../search/index-messages.ts";
import { mergeSearchIndexJob } from "../../search/merge.ts";
import { encryptSummary } from "../message-summary.ts";
import { messageIdHash, ownIdentity, type IdentityKeys } from "../message-identity.ts";
import { assignThreads } from "./threads.ts";

export interface FetchedMessage {
  uid: number;
  flags: string[];
  modseq: bigint | null;
  internalDate: Date | null;
  size: number;
  parsed: ParsedMessage;
}

export interface StoreTarget {
  userId: string;
  accountId: string;
  folderId: string;
  uidvalidity: bigint;
  dataKey: SecretKey;
  identity: IdentityKeys;
  /**
   * The messages' search tokens: a searchTokenizer under the user's search key, one for a whole sync so its
   * batches share the terms it keeps (without it, one per batch); or "later": stored without, for the
   * `index_messages` job the batch queues (a large initial sync, SEARCH_INDEX_INLINE_MESSAGES).
   */
  searchTokens?: ((message: ParsedMessage) => string) | "later";
  /**
   * The priority of the new messages' analysis jobs: bulk by default (behind everything else; an initial sync queues
   * thousands), ahead of that for mail the user is waiting for (IDLE's new mail).
   */
  analysisPriority?: number;
}

export interface StoreResult {
  newMessages: number;
  newCopies: number;
}

const hex = (buffer: Buffer) => buffer.toString("hex");

/** Flags as stored on copies; the message row keeps the four that queries filter on. */
function messageFlags(flags: string[]) {
  return { seen: flags.includes("\\Seen"), flagged: flags.includes("\\Flagged"), answered: flags.includes("\\Answered"), draft: flags.includes("\\Draft") };
}

function headerDocument(parsed: ParsedMessage) {
  return {
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    bcc: parsed.bcc,
    replyTo: parsed.replyTo,
    date: parsed.date,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    headers: parsed.headers,
    calendar: parsed.calendar,
  };
}

/** The rows of a new message and its attachments, encrypted; inserted in bulk by the caller. */
function newMessageRows(
  target: StoreTarget,
  message: FetchedMessage,
  identity: { messageIdHash: Buffer; contentHash: Buffer },
  threadId: string,
  searchTokens: ((message: ParsedMessage) => string) | null,
) {
  const id = crypto.randomUUID();
  const { parsed } = message;
  const bind = (purpose: string) => ({ owner: target.userId, purpose: `${purpose}:${id}` });
  const messageRow = {
    id,
    user_id: target.userId,
    account_id: target.accountId,
    message_id_hash: identity.messageIdHash,
    content_hash: identity.contentHash,
    thread_id: threadId,
    sent_at: parsed.date ? new Date(parsed.date) : null,
    received_at: message.internalDate,
    size: message.size,
    ...messageFlags(message.flags),
    has_attachments: parsed.attachments.some((attachment) => !attachment.inline),
    is_calendar: parsed.calendar !== null,
    headers_encrypted: encrypt(target.dataKey, JSON.stringify(headerDocument(parsed)), bind("message-headers")),
    summary_encrypted: encryptSummary(target.dataKey, target.userId, id, parsed),
    raw_headers_encrypted: parsed.rawHeaders ? encrypt(target.dataKey, parsed.rawHeaders, bind("message-raw-headers")) : null,
    text_encrypted: parsed.text ? encrypt(target.dataKey, parsed.text, bind("message-text")) : null,
    html_encrypted: parsed.html ? encrypt(target.dataKey, parsed.html, bind("message-html")) : null,
    parse_problems: parsed.problems,
    // The blind search index, built here so a new message is searchable as soon as it is listed (null: by the
    // index_messages job). One array literal ("{1,-2,…}") per message, which PostgreSQL reads as bigint[]: a
    // string per token (several hundred a message) was a tenth of sync's peak memory.
    search_tokens: searchTokens ? searchTokens(parsed) : null,
  };
  const attachmentRows = parsed.attachments.map((attachment, index) => {
    const attachmentId = crypto.randomUUID();
    return {
      id: attachmentId,
      message_id: id,
      user_id: target.userId,
      meta_encrypted: encrypt(target.dataKey, JSON.stringify({ filename: attachment.filename, contentType: attachment.contentType, contentId: attachment.contentId, checksum: attachment.checksum }), {
        owner: target.userId,
        purpose: `attachment-meta:${attachmentId}`,
      }),
      size: attachment.size,
      inline: attachment.inline,
      content_encrypted: attachment.content ? encrypt(target.dataKey, attachment.content, { owner: target.userId, purpose: `attachment:${attachmentId}` }) : null,
      part_index: index,
    };
  });
  return { id, messageRow, attachmentRows };
}

/** Multi-row inserts, in chunks that stay below PostgreSQL's 65,535 parameters per statement. */
async function insertRows(tx: TransactionSql, table: "messages" | "attachments", rows: Record<string, unknown>[]): Promise<void> {
  const ROWS_PER_STATEMENT = 1000;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await tx`insert into ${tx(table)} ${tx(rows.slice(i, i + ROWS_PER_STATEMENT) as never)}`;
}

export async function storeBatch(sql: Sql, target: StoreTarget, batch: FetchedMessage[]): Promise<StoreResult> {
  if (batch.length === 0) return { newMessages: 0, newCopies: 0 };
  const identities = batch.map((message) => ownIdentity(target.identity, message.parsed.messageId, message.parsed.contentHash));
  return await sql.begin(async (tx) => {
    const existing = new Map<string, string>();
    const rows = await tx<{ id: string; messageIdHash: Buffer; contentHash: Buffer }[]>`
      select id, message_id_hash as "messageIdHash", content_hash as "contentHash" from messages
      where account_id = ${target.accountId} and content_hash = any(${byteaArray(
        tx,
        identities.map((identity) => identity.contentHash),
      )})`;
    for (const row of rows) existing.set(hex(Buffer.from(row.messageIdHash)) + hex(Buffer.from(row.contentHash)), row.id);

    // Messages new to the account (once each, even if the batch holds two copies).
    const fresh = new Map<string, number>();
    batch.forEach((_message, index) => {
      const key = hex(identities[index]!.messageIdHash) + hex(identities[index]!.contentHash);
      if (!existing.has(key) && !fresh.has(key)) fresh.set(key, index);
    });
    const threads = await assignThreads(
      tx,
      target.accountId,
      [...fresh.values()].map((index) => {
        const parsed = batch[index]!.parsed;
        const refs = [parsed.inReplyTo, ...parsed.references].filter((ref): ref is string => Boolean(ref)).map((ref) => messageIdHash(target.identity, ref));
        return { index, hashes: [identities[index]!.messageIdHash, ...refs] };
      }),
    );
    const searchTokens = target.searchTokens === "later" ? null : (target.searchTokens ?? searchTokenizer(searchKey(target.dataKey)));
    const created = [...fresh].map(([key, index]) => ({ key, ...newMessageRows(target, batch[index]!, identities[index]!, threads.get(index)!, searchTokens) }));
    // Lock order of every writer of the dashboard counters (migrations/0012): messages rows, the user's counting
    // lock, counter rows. New messages' counter rows are written without that lock (by their insert trigger), so it
    // is taken first, and clearing orphaned_at (whose trigger takes it) comes before them: the other way round, an
    // analysis saved in between held the lock and waited for the counter row, and the batch for the lock (40P01).
    const found = [...new Set(identities.flatMap((identity) => existing.get(hex(identity.messageIdHash) + hex(identity.contentHash)) ?? []))];
    // A copy found again means the message is not gone (it was moved, or the folder reseeded).
    await tx`update messages set orphaned_at = null where id = any(${found}::uuid[]) and orphaned_at is not null`;
    if (created.length) await tx`select dashboard_counts_lock(array[${target.userId}]::uuid[])`;
    await insertRows(
      tx,
      "messages",
      created.map((entry) => entry.messageRow),
    );
    await insertRows(
      tx,
      "attachments",
      created.flatMap((entry) => entry.attachmentRows),
    );
    for (const entry of created) existing.set(entry.key, entry.id);
    const newIds = created.map((entry) => entry.id);

    const copies = batch.map((message, index) => ({
      message_id: existing.get(hex(identities[index]!.messageIdHash) + hex(identities[index]!.contentHash))!,
      folder_id: target.folderId,
      uidvalidity: String(target.uidvalidity),
      uid: message.uid,
      modseq: message.modseq === null ? null : String(message.modseq),
      flags: message.flags,
    }));
    const inserted = await tx`insert into message_copies ${tx(copies)} on conflict (folder_id, uidvalidity, uid) do nothing returning message_id`;
    if (newIds.length) {
      // preserveRunAt: a merge or an indexing already waiting keeps its time (one merge per MERGE_SEARCH_INDEX_DELAY_S);
      // process jobs' keys are new. Tokens stored here wait in the index's pending list for the merge; messages stored
      // without wait for the index_messages job, which queues the merge itself.
      const searchIndexJob = searchTokens ? mergeSearchIndexJob() : indexMessagesJob(target.userId);
      await addJobs(
        tx,
        [...newIds.map((id) => ({ task: "process_message", payload: { messageId: id }, jobKey: `process:${id}`, priority: target.analysisPriority ?? JOB_PRIORITY.bulk }) as const), searchIndexJob],
        {
          preserveRunAt: true,
        },
      );
    }
    return { newMessages: newIds.length, newCopies: inserted.length };
  });
}
