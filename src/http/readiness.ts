/**
 * Readiness: the database answers, the schema is current, and some worker
 * reported recently. Shared by /readyz, the status fragment and `doctor`.
 */
import type { Sql } from "../db/connection.ts";
import { pendingMigrations } from "../db/migrate.ts";
import { HEARTBEAT_STALE_S, secondsSinceLastHeartbeat } from "../jobs/heartbeat.ts";

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

export async function checkReadiness(sql: Sql): Promise<ReadinessReport> {
  const database = await withTimeout(sql`select 1`).then(
    (): Check => ({ ok: true, detail: "reachable" }),
    failed,
  );
  const skipped: Check = { ok: false, detail: "database unreachable" };
  const migrations = !database.ok
    ? skipped
    : await withTimeout(pendingMigrations(sql)).then(
        (pending): Check => (pending.length ? { ok: false, detail: `pending: ${pending.join(", ")}` } : { ok: true, detail: "current" }),
        failed,
      );
  const worker = !database.ok
    ? skipped
    : await withTimeout(secondsSinceLastHeartbeat(sql)).then((age): Check => {
        if (age === undefined) return { ok: false, detail: "no worker running" };
        const seconds = Math.round(age);
        return age <= HEARTBEAT_STALE_S ? { ok: true, detail: `last heartbeat ${seconds} s ago` } : { ok: false, detail: `last heartbeat ${seconds} s ago` };
      }, failed);
  return { ready: database.ok && migrations.ok && worker.ok, checks: { database, migrations, worker } };
}
