/**
 * Worker liveness, recorded in PostgreSQL so that any process (a web
 * server, `doctor`) can tell whether some worker is running, and whether
 * it has a job runner: a process whose runner ended beats on but says since
 * when it has none.
 */
import { hostname } from "node:os";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";

/** How often a worker reports. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** After a failed beat (the database restarting), the next try comes sooner, so the state is back in a second. */
const HEARTBEAT_RETRY_MS = 1_000;
/** A worker silent for longer than this counts as gone (three missed beats). */
export const HEARTBEAT_STALE_S = 35;
/**
 * A worker silent for this long is dead: its locked jobs and queues are
 * unlocked so others run them. Longer than HEARTBEAT_STALE_S so a database
 * restart or a long pause does not unlock the jobs of a worker that lives.
 */
export const DEAD_WORKER_S = 120;

/** What a beat records besides "alive". */
export interface HeartbeatState {
  /** The graphile-worker pool id whose job locks are this process's to release (the reaper uses it if the process dies). */
  jobLockId: string | undefined;
  /** Since when the worker has had no job runner; undefined while it has one. */
  runnerDownSince: Date | undefined;
}

export interface Heartbeat {
  /** Records the current state now (after a change), not at the next beat. */
  report(): void;
  stop(): Promise<void>;
}

export async function startHeartbeat(sql: Sql, workerId: string, log: Logger, state: () => HeartbeatState): Promise<Heartbeat> {
  const beat = async () => {
    const { jobLockId, runnerDownSince } = state();
    await sql`
      insert into worker_heartbeats (worker_id, hostname, pid, job_lock_id, runner_down_since)
      values (${workerId}, ${hostname()}, ${process.pid}, ${jobLockId ?? null}, ${runnerDownSince ?? null})
      on conflict (worker_id) do update
        set seen_at = now(), job_lock_id = excluded.job_lock_id, runner_down_since = excluded.runner_down_since`;
    await reapDeadWorkers(sql, log);
  };
  await beat();
  let timer: Timer | undefined;
  let stopped = false;
  // One beat at a time: a report during a beat writes after it, so the newer state is the one that stays.
  let beating: Promise<void> = Promise.resolve();
  const beatAndReschedule = () => {
    clearTimeout(timer);
    beating = beating
      .then(beat)
      .then(
        () => HEARTBEAT_INTERVAL_MS,
        (error) => {
          log.warn("worker heartbeat failed", { error });
          return HEARTBEAT_RETRY_MS;
        },
      )
      .then((delay) => {
        if (stopped) return;
        clearTimeout(timer);
        timer = setTimeout(beatAndReschedule, delay);
      });
  };
  timer = setTimeout(beatAndReschedule, HEARTBEAT_INTERVAL_MS);
  return {
    report() {
      if (!stopped) beatAndReschedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await beating; // a beat still in flight would write the row back after the delete
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

export interface WorkerHealth {
  /** Seconds since the most recent heartbeat of any worker; undefined if none is known. */
  lastBeatAgeS: number | undefined;
  /** Live workers (beat within HEARTBEAT_STALE_S) that have no job runner. */
  withoutRunner: number;
  /** Seconds the longest of those has been without one. */
  longestWithoutRunnerS: number | undefined;
}

export async function workerHealth(sql: Sql): Promise<WorkerHealth> {
  const [row] = await sql<{ age: number | null; withoutRunner: number; longest: number | null }[]>`
    with live as (select * from worker_heartbeats where seen_at >= now() - make_interval(secs => ${HEARTBEAT_STALE_S}))
    select (select extract(epoch from now() - max(seen_at))::float8 from worker_heartbeats) as age,
           (select count(*)::int from live where runner_down_since is not null) as "withoutRunner",
           (select greatest(0, extract(epoch from now() - min(runner_down_since)))::float8 from live) as longest`;
  return { lastBeatAgeS: row?.age ?? undefined, withoutRunner: row?.withoutRunner ?? 0, longestWithoutRunnerS: row?.longest ?? undefined };
}
