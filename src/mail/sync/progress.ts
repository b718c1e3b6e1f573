/**
 * Sync progress of an account, one row per account, readable by its owner
 * (status endpoint, UI): phase, folders done of total, messages fetched of
 * total, the current folder, and the error that ended the last run.
 */
import type { Sql } from "../../db/connection.ts";
import type { ErrorReason } from "../accounts/store.ts";

export type SyncPhase = "connecting" | "syncing" | "done" | "failed" | "waiting_for_sign_in";

export interface SyncProgress {
  phase: SyncPhase;
  foldersDone: number;
  foldersTotal: number;
  fetched: number;
  total: number;
  currentFolder: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** The technical message, for the API; pages say `errorReason` in words. */
  error: string | null;
  errorReason: ErrorReason | null;
}

export async function startProgress(sql: Sql, accountId: string, userId: string, phase: SyncPhase): Promise<void> {
  await sql`
    insert into sync_progress (account_id, user_id, phase) values (${accountId}, ${userId}, ${phase})
    on conflict (account_id) do update set phase = excluded.phase, folders_done = 0, folders_total = 0, fetched = 0, total = 0,
      current_folder = null, started_at = now(), updated_at = now(), finished_at = null, error = null, error_reason = null`;
}

export async function updateProgress(
  sql: Sql,
  accountId: string,
  change: { phase?: SyncPhase; foldersDone?: number; foldersTotal?: number; fetched?: number; total?: number; currentFolder?: string },
): Promise<void> {
  await sql`
    update sync_progress set
      phase = coalesce(${change.phase ?? null}, phase),
      folders_done = coalesce(${change.foldersDone ?? null}::int, folders_done),
      folders_total = coalesce(${change.foldersTotal ?? null}::int, folders_total),
      fetched = coalesce(${change.fetched ?? null}::int, fetched),
      total = coalesce(${change.total ?? null}::int, total),
      current_folder = coalesce(${change.currentFolder ?? null}, current_folder),
      updated_at = now()
    where account_id = ${accountId}`;
}

export async function finishProgress(sql: Sql, accountId: string, error: { reason: ErrorReason; message: string } | null): Promise<void> {
  await sql`
    update sync_progress set phase = ${error ? "failed" : "done"}, error = ${error?.message ?? null}, error_reason = ${error?.reason ?? null}, current_folder = null, finished_at = now(), updated_at = now()
    where account_id = ${accountId}`;
}

/** The account's progress, for its owner only. */
export async function getProgress(sql: Sql, userId: string, accountId: string): Promise<SyncProgress | undefined> {
  const [row] = await sql<SyncProgress[]>`
    select phase, folders_done as "foldersDone", folders_total as "foldersTotal", fetched, total, current_folder as "currentFolder",
           started_at as "startedAt", updated_at as "updatedAt", finished_at as "finishedAt", error, error_reason as "errorReason"
    from sync_progress where account_id = ${accountId} and user_id = ${userId}`;
  return row;
}
