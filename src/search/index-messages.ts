/**
 * Fills the search index of messages stored without one: those of a large
 * initial sync (storeBatch leaves them to this job, see
 * SEARCH_INDEX_INLINE_MESSAGES) and rows from before the index existed.
 * A batch per transaction, run by tasks/index_messages.ts; each batch queues
 * the merge of the index's pending list (./merge.ts).
 */
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../auth/data-key-access.ts";
import type { Config } from "../config.ts";
import { decryptText, DecryptError } from "../crypto/aead.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { addJobs, type JobSpec } from "../jobs/add-job.ts";
import { JOB_PRIORITY } from "../jobs/priority.ts";
import type { MailAddress } from "../mail/parse/types.ts";
import { searchKey, searchTokenizer, type SearchableMessage } from "./blind-index.ts";
import { mergeSearchIndexJob } from "./merge.ts";
import { SEARCH_INDEX_BATCH } from "./limits.ts";

/** Batches per job run before it hands over to the next job. */
const BATCHES_PER_RUN = 25;

interface StoredMessage {
  id: string;
  headers: Uint8Array;
  text: Uint8Array | null;
}

/** The searchable fields of a stored message; null when it cannot be decrypted (it is then indexed as empty, not retried forever). */
function searchable(dataKey: SecretKey, userId: string, row: StoredMessage): SearchableMessage | null {
  const bind = (purpose: string) => ({ owner: userId, purpose: `${purpose}:${row.id}` });
  try {
    const headers = JSON.parse(decryptText(dataKey, row.headers, bind("message-headers"))) as { subject?: string; from?: MailAddress[]; to?: MailAddress[]; cc?: MailAddress[] };
    const text = row.text ? decryptText(dataKey, row.text, bind("message-text")) : "";
    const list = (addresses: MailAddress[] | undefined) => (Array.isArray(addresses) ? addresses : []);
    return { subject: headers.subject ?? "", from: list(headers.from), to: list(headers.to), cc: list(headers.cc), text };
  } catch (error) {
    if (error instanceof DecryptError || error instanceof SyntaxError) return null;
    throw error;
  }
}

type Tokenizer = ReturnType<typeof searchTokenizer>;

/**
 * Indexes up to one batch of the user's unindexed messages; returns how many were done (0: none left). One
 * tokenizer for a job's batches lets them share the terms it keeps, as sync's batches do.
 */
export async function indexNextBatch(sql: Sql, dataKey: SecretKey, userId: string, tokensOf: Tokenizer = searchTokenizer(searchKey(dataKey))): Promise<number> {
  return await sql.begin(async (tx) => {
    // skip locked: two runs at once (a retry overlapping) split the work instead of repeating it.
    const rows = await tx<StoredMessage[]>`
      select id, headers_encrypted as headers, text_encrypted as text from messages
      where user_id = ${userId} and search_tokens is null
      limit ${SEARCH_INDEX_BATCH} for update skip locked`;
    if (rows.length === 0) return 0;
    const ids: string[] = [];
    const tokens: string[] = [];
    for (const row of rows) {
      const message = searchable(dataKey, userId, row);
      ids.push(row.id);
      // As a PostgreSQL array literal: unnest cannot take an array of arrays of different lengths.
      tokens.push(message ? tokensOf(message) : "{}");
    }
    await tx`
      update messages m set search_tokens = batch.tokens::bigint[]
      from unnest(${ids}::uuid[], ${tokens}::text[]) as batch(id, tokens)
      where m.id = batch.id and m.user_id = ${userId}`;
    // preserveRunAt: a merge already waiting keeps its time (one per MERGE_SEARCH_INDEX_DELAY_S).
    await addJobs(tx, [mergeSearchIndexJob()], { preserveRunAt: true });
    return rows.length;
  });
}

/** Whether some of the user's messages still lack their index (cheap: a partial index holds only those). */
export async function hasUnindexedMessages(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql`select 1 from messages where user_id = ${userId} and search_tokens is null limit 1`;
  return Boolean(row);
}

/** The indexing job of one user's unindexed messages, under one key per user. */
export function indexMessagesJob(userId: string): JobSpec {
  return { task: "index_messages", payload: { userId }, jobKey: `index_messages:${userId}`, maxAttempts: 5, priority: JOB_PRIORITY.bulk };
}

/** Queues the indexing for the user; at most one waits per user, and one waiting keeps its time. */
export async function requestIndexing(sql: Sql, userId: string): Promise<void> {
  await addJobs(sql, [indexMessagesJob(userId)], { preserveRunAt: true });
}

/**
 * One `index_messages` job's work: a bounded number of batches, then the
 * job is queued again, so one large mailbox does not hold a worker for
 * minutes and a shutdown loses at most one batch. A strict-mode user who is
 * signed out is left for later: the list page asks again after the next sign-in.
 */
export async function indexUnindexedMessages(
  { sql, keyring, config, signal }: { sql: Sql; keyring: MasterKeyring; config: Config; signal?: AbortSignal },
  userId: string,
): Promise<{ state: "waits_for_sign_in" | "complete" | "continues"; indexed: number }> {
  let dataKey: SecretKey;
  try {
    dataKey = await dataKeyForBackgroundWork(sql, keyring, config, userId);
  } catch (error) {
    if (error instanceof DataKeyUnavailableError) return { state: "waits_for_sign_in", indexed: 0 };
    throw error;
  }
  let indexed = 0;
  const tokensOf = searchTokenizer(searchKey(dataKey));
  for (let batch = 0; batch < BATCHES_PER_RUN && !signal?.aborted; batch++) {
    const done = await indexNextBatch(sql, dataKey, userId, tokensOf);
    indexed += done;
    if (done === 0) return { state: "complete", indexed };
  }
  await requestIndexing(sql, userId);
  return { state: "continues", indexed };
}
