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

export interface Heartbeat {
  stop(): Promise<void>;
}

export async function startHeartbeat(sql: Sql, workerId: string, log: Logger): Promise<Heartbeat> {
  const beat = () => sql`
    insert into worker_heartbeats (worker_id, hostname, pid) values (${workerId}, ${hostname()}, ${process.pid})
    on conflict (worker_id) do update set seen_at = now()`;
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

/** Seconds since the most recent heartbeat of any worker, or undefined if none is known. */
export async function secondsSinceLastHeartbeat(sql: Sql): Promise<number | undefined> {
  const [row] = await sql<{ age: number | null }[]>`select extract(epoch from now() - max(seen_at))::float8 as age from worker_heartbeats`;
  return row?.age ?? undefined;
}
