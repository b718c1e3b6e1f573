/**
 * Asking for a sync. Jobs of one account share a queue (graphile-worker runs
 * them one at a time) and a job key (a request while one waits replaces it
 * instead of piling up; one while a sync runs is kept for after it).
 */
import type { Queryable } from "../../db/connection.ts";
import { addJob } from "../../jobs/add-job.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import type { SyncScope } from "./sync-account.ts";

export function accountQueue(accountId: string): string {
  return `account:${accountId}`;
}

export async function requestSync(sql: Queryable, account: { id: string; userId: string }, scope: SyncScope, runAt?: Date): Promise<string> {
  return await addJob(
    sql,
    "sync_account",
    { accountId: account.id, userId: account.userId, scope },
    { jobKey: `sync:${account.id}:${scope}`, queueName: accountQueue(account.id), runAt, maxAttempts: 10, priority: JOB_PRIORITY.sync },
  );
}
