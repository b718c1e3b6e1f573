/**
 * Worker liveness, recorded in PostgreSQL so that any process (a web
 * server, `doctor`) can tell whether some worker is running.
 */
import { hostname } from "node:os";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";

/** How often a worker reports. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** A worker silent for longer than this counts as gone (three missed beats). */
export const HEARTBEAT_STALE_S = 35;
/**
 * A worker silent for this long is dead: its locked jobs and queues are
 * unlocked so others run them. Longer than HEARTBEAT_STALE_S so a database
 * restart or a long pause does not unlock the jobs of a worker that lives.
 */
export const DEAD_WORKER_S = 120;

export interface Heartbeat {
  stop(): Promise<void>;
}

export async function startHeartbeat(sql: Sql, workerId: string, log: Logger, jobLockId: string): Promise<Heartbeat> {
  const beat = async () => {
    await sql`
      insert into worker_heartbeats (worker_id, hostname, pid, job_lock_id) values (${workerId}, ${hostname()}, ${process.pid}, ${jobLockId})
      on conflict (worker_id) do update set seen_at = now()`;
    await reapDeadWorkers(sql, log);
  };
  await beat();
  const timer = setInterval(() => beat().catch((error) => log.warn("worker heartbeat failed", { error })), HEARTBEAT_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      // Gone at once rather than after HEARTBEAT_STALE_S: `doctor` and /readyz see it immediately.
      await sql`delete from worker_heartbeats where worker_id = ${workerId}`;
    },
  };
}

/** Unlocks the jobs and job queues of workers that stopped beating (killed without a clean shutdown). */
export async function reapDeadWorkers(sql: Sql, log: Logger): Promise<number> {
  const dead = await sql<{ workerId: string; jobLockId: string | null }[]>`
    delete from worker_heartbeats where seen_at < now() - make_interval(secs => ${DEAD_WORKER_S})
    returning worker_id as "workerId", job_lock_id as "jobLockId"`;
  const lockIds = dead.map((row) => row.jobLockId).filter((id): id is string => Boolean(id));
  if (lockIds.length) {
    await sql`select graphile_worker.force_unlock_workers(${lockIds}::text[])`;
    log.warn("unlocked the jobs of dead workers", { workers: dead.map((row) => row.workerId) });
  }
  return dead.length;
}

/** Seconds since the most recent heartbeat of any worker, or undefined if none is known. */
export async function secondsSinceLastHeartbeat(sql: Sql): Promise<number | undefined> {
  const [row] = await sql<{ age: number | null }[]>`select extract(epoch from now() - max(seen_at))::float8 as age from worker_heartbeats`;
  return row?.age ?? undefined;
}
