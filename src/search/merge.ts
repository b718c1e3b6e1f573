/**
 * The search index's pending list (migrations/0039): sync appends new
 * messages' tokens to it, a background job merges them into the index's
 * tree in bulk. Searches read both, so nothing waits for the merge.
 */
import type { Queryable } from "../db/connection.ts";
import type { JobSpec } from "../jobs/add-job.ts";
import { JOB_PRIORITY } from "../jobs/priority.ts";

/** How long sync lets new tokens gather before a merge: one merge per this many seconds of a long sync. */
export const MERGE_SEARCH_INDEX_DELAY_S = 20;

/** The merge job, under one key: queued again while it waits, it keeps its time (addJobs' preserveRunAt). */
export function mergeSearchIndexJob(now = new Date()): JobSpec {
  return {
    task: "merge_search_index",
    payload: {},
    jobKey: "merge_search_index",
    runAt: new Date(now.getTime() + MERGE_SEARCH_INDEX_DELAY_S * 1000),
    priority: JOB_PRIORITY.bulk,
  };
}

/** Merges the pending list; answers the pages it emptied. */
export async function mergeSearchIndex(sql: Queryable): Promise<number> {
  const [row] = await sql<{ pages: string }[]>`select gin_clean_pending_list('messages_search_tokens'::regclass)::text as pages`;
  return Number(row?.pages ?? 0);
}
