/**
 * Threads across all synced mail of an account, not per batch: every
 * Message-ID seen (a message's own, or one it refers to) maps to a thread in
 * `thread_refs`. A new message joins the thread of any id it shares; if it
 * links two threads, they merge. Order of arrival does not matter: a reply
 * synced before its original still ends up in one thread with it.
 */
import type { TransactionSql } from "postgres";
import { byteaArray } from "../../db/bytea.ts";

export interface ThreadCandidate {
  /** Index in the batch. */
  index: number;
  /** Own Message-ID hash first, then In-Reply-To and References hashes. */
  hashes: Buffer[];
}

/** Assigns a thread id to each candidate, merging threads the batch connects; returns ids by index. */
export async function assignThreads(tx: TransactionSql, accountId: string, candidates: ThreadCandidate[]): Promise<Map<number, string>> {
  const allHashes = [...new Map(candidates.flatMap((c) => c.hashes).map((hash) => [hash.toString("hex"), hash])).values()];
  const known = new Map<string, string>(); // hash hex → thread id
  if (allHashes.length) {
    const rows = await tx<{ hash: Buffer; threadId: string }[]>`
      select message_id_hash as hash, thread_id as "threadId" from thread_refs
      where account_id = ${accountId} and message_id_hash = any(${byteaArray(tx, allHashes)})`;
    for (const row of rows) known.set(Buffer.from(row.hash).toString("hex"), row.threadId);
  }
  const merges = new Map<string, string>(); // merged-away thread → surviving thread
  const resolve = (thread: string): string => {
    let current = thread;
    while (merges.has(current)) current = merges.get(current)!;
    return current;
  };
  const result = new Map<number, string>();
  for (const candidate of candidates) {
    const threads = [
      ...new Set(
        candidate.hashes
          .map((hash) => known.get(hash.toString("hex")))
          .filter((t): t is string => Boolean(t))
          .map(resolve),
      ),
    ];
    const thread = threads[0] ?? crypto.randomUUID();
    for (const other of threads.slice(1)) merges.set(other, thread);
    for (const hash of candidate.hashes) known.set(hash.toString("hex"), thread);
    result.set(candidate.index, thread);
  }
  for (const [index, thread] of result) result.set(index, resolve(thread));
  for (const [from, into] of merges) {
    const target = resolve(into);
    await tx`update messages set thread_id = ${target} where account_id = ${accountId} and thread_id = ${from}`;
    await tx`update thread_refs set thread_id = ${target} where account_id = ${accountId} and thread_id = ${from}`;
  }
  const rows = [...known].map(([hex, thread]) => ({ account_id: accountId, message_id_hash: Buffer.from(hex, "hex"), thread_id: resolve(thread) }));
  for (let i = 0; i < rows.length; i += 1000) {
    await tx`insert into thread_refs ${tx(rows.slice(i, i + 1000))} on conflict (account_id, message_id_hash) do update set thread_id = excluded.thread_id`;
  }
  return result;
}
