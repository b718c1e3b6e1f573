/**
 * The gauges read from PostgreSQL when /metrics is scraped: queue depth per
 * task and state, and the app role's connections by state. Two cheap
 * aggregate queries, capped, so a scrape every 15 s costs the database
 * nothing it notices. postgres.js keeps its pool's counts private, so
 * connections come from pg_stat_activity (all processes of the role, which
 * is what running out of connections is about) beside this process's
 * DB_POOL_MAX.
 */
import type { Config } from "../config.ts";
import type { Sql } from "../db/connection.ts";
import { dbConnections, dbPoolMax, jobQueueDepth } from "./registry.ts";

/** More task names than the app has tasks would mean something else writes to the queue; they are not exposed. */
const MAX_TASK_ROWS = 100;
const CONNECTION_STATES = ["active", "idle", "idle_in_transaction", "other"] as const;

export async function refreshDatabaseGauges(sql: Sql, config: Config): Promise<void> {
  const [queue, connections] = await Promise.all([
    sql<{ task: string; ready: number; scheduled: number; running: number; failed: number }[]>`
      select task_identifier as task,
        count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now())::int as ready,
        count(*) filter (where locked_at is null and attempts < max_attempts and run_at > now())::int as scheduled,
        count(*) filter (where locked_at is not null)::int as running,
        count(*) filter (where locked_at is null and attempts >= max_attempts)::int as failed
      from graphile_worker.jobs group by task_identifier order by task_identifier limit ${MAX_TASK_ROWS}`,
    sql<{ state: string; count: number }[]>`
      select case when state in ('active', 'idle') then state when state like 'idle in transaction%' then 'idle_in_transaction' else 'other' end as state,
        count(*)::int as count
      from pg_stat_activity where usename = current_user and datname = current_database() group by 1`,
  ]);
  // Reset first: a task whose jobs are all gone must read 0 (or vanish), not its last count.
  jobQueueDepth.reset();
  for (const row of queue) {
    for (const state of ["ready", "scheduled", "running", "failed"] as const) jobQueueDepth.set({ task: row.task, state }, row[state]);
  }
  for (const state of CONNECTION_STATES) dbConnections.set({ state }, connections.find((row) => row.state === state)?.count ?? 0);
  dbPoolMax.set(config.DB_POOL_MAX);
}
