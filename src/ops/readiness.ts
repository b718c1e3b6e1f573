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

/**
 * A check's outcome as a stable state (with its numbers), for pages to put
 * in words; `detail` says the same in English for /readyz and `doctor`.
 */
export type CheckState =
  | { state: "reachable" | "unreachable" | "current" | "failed" | "skipped" | "no_worker" }
  | { state: "pending"; count: number }
  | { state: "alive" | "stale"; seconds: number }
  | { state: "no_runner"; workers: number; seconds: number };

export interface ReadinessReport {
  ready: boolean;
  checks: { database: Check; migrations: Check; worker: Check };
  states: { database: CheckState; migrations: CheckState; worker: CheckState };
}

type StatedCheck = Check & { said: CheckState };

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

const failed = (error: unknown): StatedCheck => ({ ok: false, detail: (error as { code?: string }).code ?? (error as Error).message, said: { state: "failed" } });

function workerCheck({ lastBeatAgeS, withoutRunner, longestWithoutRunnerS }: WorkerHealth): StatedCheck {
  if (lastBeatAgeS === undefined) return { ok: false, detail: "no worker running", said: { state: "no_worker" } };
  const seconds = Math.round(lastBeatAgeS);
  if (lastBeatAgeS > HEARTBEAT_STALE_S) return { ok: false, detail: `last heartbeat ${seconds} s ago`, said: { state: "stale", seconds } };
  // Its heartbeat and IMAP watchers go on, but nothing runs the jobs they queue.
  if (withoutRunner > 0) {
    const workers = withoutRunner === 1 ? "a worker has" : `${withoutRunner} workers have`;
    const without = Math.round(longestWithoutRunnerS ?? 0);
    return { ok: false, detail: `${workers} had no job runner for ${without} s (restarting)`, said: { state: "no_runner", workers: withoutRunner, seconds: without } };
  }
  return { ok: true, detail: `last heartbeat ${seconds} s ago`, said: { state: "alive", seconds } };
}

export async function checkReadiness(sql: Sql): Promise<ReadinessReport> {
  const database = await withTimeout(sql`select 1`).then((): StatedCheck => ({ ok: true, detail: "reachable", said: { state: "reachable" } }), failed);
  const skipped: StatedCheck = { ok: false, detail: "database unreachable", said: { state: "skipped" } };
  const migrations = !database.ok
    ? skipped
    : await withTimeout(pendingMigrations(sql)).then(
        (pending): StatedCheck =>
          pending.length ? { ok: false, detail: `pending: ${pending.join(", ")}`, said: { state: "pending", count: pending.length } } : { ok: true, detail: "current", said: { state: "current" } },
        failed,
      );
  const worker = !database.ok ? skipped : await withTimeout(workerHealth(sql)).then(workerCheck, failed);
  const check = ({ ok, detail }: StatedCheck): Check => ({ ok, detail });
  return {
    ready: database.ok && migrations.ok && worker.ok,
    checks: { database: check(database), migrations: check(migrations), worker: check(worker) },
    states: { database: database.said, migrations: migrations.said, worker: worker.said },
  };
}
