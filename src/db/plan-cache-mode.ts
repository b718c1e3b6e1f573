/**
 * Runs one query under a chosen plan_cache_mode. postgres.js prepares every
 * statement, and PostgreSQL's default ("auto") plans each run anew until it
 * trusts one generic plan; for some statements that choice is known better
 * in advance: a plan per run where the best plan depends on the values, one
 * plan for all runs where it never does (planning can cost more than
 * running).
 *
 * The setting, the query and the reset go out together on one reserved
 * connection (no transaction, no waiting in between); the connection goes
 * back to the pool with the pool's setting restored.
 */
import type { Row } from "postgres";
import type { Sql } from "./connection.ts";

export type PlanCacheMode = "force_custom_plan" | "force_generic_plan";

export async function withPlanCacheMode<T extends readonly Row[]>(sql: Sql, mode: PlanCacheMode, query: (connection: Sql) => Promise<T>): Promise<T> {
  const connection = await sql.reserve();
  try {
    // allSettled: the reset must have run (or failed with the connection) before the connection goes back.
    const [, rows] = await Promise.allSettled([connection`select set_config('plan_cache_mode', ${mode}, false)`, query(connection as unknown as Sql), connection`reset plan_cache_mode`]);
    if (rows.status === "rejected") throw rows.reason;
    return rows.value;
  } finally {
    connection.release();
  }
}
