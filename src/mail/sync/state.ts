/**
 * What the account page and the API say about syncing: the progress row of
 * the running (or last) sync, whether a sync job waits in the account's
 * queue, and how many of the account's messages are stored. A page polls
 * while the first two say work is under way.
 */
import type { Sql } from "../../db/connection.ts";
import type { MailAccount } from "../accounts/store.ts";
import { getProgress, type SyncProgress } from "./progress.ts";
import { accountQueue } from "./request.ts";

/** A progress row not updated for this long belongs to a sync that died; polling it would go on forever. */
const STALE_PROGRESS_MS = 10 * 60_000;

export interface SyncState {
  /** A sync job is running or due now (one waiting for a retry later does not count). */
  queued: boolean;
  progress: SyncProgress | undefined;
  /** Worth polling: queued, or a sync reports progress. */
  active: boolean;
  /**
   * Messages of the account stored here (not orphaned). The progress counts
   * only the last run, which after the first sync is mostly "nothing new".
   */
  storedMessages: number;
}

/** The account (already looked up for its owner) decides what is read: no other user's rows are reachable from here. */
export async function syncState(sql: Sql, account: Pick<MailAccount, "id" | "userId">): Promise<SyncState> {
  const [progress, [job], [stored]] = await Promise.all([
    getProgress(sql, account.userId, account.id),
    sql<{ queued: boolean }[]>`
      select exists (
        select 1 from graphile_worker.jobs
        where queue_name = ${accountQueue(account.id)} and task_identifier = 'sync_account' and attempts < max_attempts
          and (locked_at is not null or run_at <= now())
      ) as queued`,
    // dashboard_counts is kept equal to counting the account's messages (migrations/0012), at most 20 rows per account.
    sql<{ n: number }[]>`select coalesce(sum(n), 0)::int as n from dashboard_counts where user_id = ${account.userId} and account_id = ${account.id}`,
  ]);
  const syncing = progress !== undefined && (progress.phase === "connecting" || progress.phase === "syncing") && Date.now() - progress.updatedAt.getTime() < STALE_PROGRESS_MS;
  const queued = job?.queued ?? false;
  return { queued, progress, active: queued || syncing, storedMessages: stored?.n ?? 0 };
}

/** IDLE counts as alive while its watcher reported within this window (it reports every minute). */
export const IDLE_ALIVE_MS = 2 * 60_000;

export function idleAlive(account: Pick<MailAccount, "idleSeenAt">, now = Date.now()): boolean {
  return account.idleSeenAt !== null && now - account.idleSeenAt.getTime() < IDLE_ALIVE_MS;
}
