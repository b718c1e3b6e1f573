/**
 * Readiness: the database answers, the schema is current, and some worker
 * reported recently with a job runner (a worker whose runner ended and is
 * being restarted counts as not ready). Shared by /readyz, the status
 * fragment and `doctor`.
 */
import type { Sql } from "../db/connection.ts";
import { pendingMigrations } from "../db/migrate.ts";
import { HEARTBEAT_STALE_S, workerHealth, type WorkerHealth } from "../jobs/heartbeat.ts";

export interface Check {
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { database: Check; migrations: Check; worker: Check };
}

const CHECK_TIMEOUT_MS = 2_000;

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const failed = (error: unknown): Check => ({ ok: false, detail: (error as { code?: string }).code ?? (error as Error).message });

function workerCheck({ lastBeatAgeS, withoutRunner, longestWithoutRunnerS }: WorkerHealth): Check {
  if (lastBeatAgeS === undefined) return { ok: false, detail: "no worker running" };
  const seconds = Math.round(lastBeatAgeS);
  if (lastBeatAgeS > HEARTBEAT_STALE_S) return { ok: false, detail: `last heartbeat ${seconds} s ago` };
  // Its heartbeat and IMAP watchers go on, but nothing runs the jobs they queue.
  if (withoutRunner > 0) {
    const workers = withoutRunner === 1 ? "a worker has" : `${withoutRunner} workers have`;
    return { ok: false, detail: `${workers} had no job runner for ${Math.round(longestWithoutRunnerS ?? 0)} s (restarting)` };
  }
  return { ok: true, detail: `last heartbeat ${seconds} s ago` };
}

export async function checkReadiness(sql: Sql): Promise<ReadinessReport> {
  const database = await withTimeout(sql`select 1`).then((): Check => ({ ok: true, detail: "reachable" }), failed);
  const skipped: Check = { ok: false, detail: "database unreachable" };
  const migrations = !database.ok
    ? skipped
    : await withTimeout(pendingMigrations(sql)).then((pending): Check => (pending.length ? { ok: false, detail: `pending: ${pending.join(", ")}` } : { ok: true, detail: "current" }), failed);
  const worker = !database.ok ? skipped : await withTimeout(workerHealth(sql)).then(workerCheck, failed);
  return { ready: database.ok && migrations.ok && worker.ok, checks: { database, migrations, worker } };
}
