/**
 * Runs one query with a plan made for its own values. The pool makes one
 * plan per prepared statement (src/db/connection.ts); where the best plan
 * depends on the values (a rare search word or a common one, a small folder
 * or a big one), that one plan can read whole mailboxes.
 *
 * The setting, the query and the reset go out together on one reserved
 * connection (no transaction, no waiting in between); the connection goes
 * back to the pool with the pool's setting restored.
 */
import type { Row } from "postgres";
import type { Sql } from "./connection.ts";

export async function withCustomPlan<T extends readonly Row[]>(sql: Sql, query: (connection: Sql) => Promise<T>): Promise<T> {
  const connection = await sql.reserve();
  try {
    // allSettled: the reset must have run (or failed with the connection) before the connection goes back.
    const [, rows] = await Promise.allSettled([connection`set plan_cache_mode = force_custom_plan`, query(connection as unknown as Sql), connection`reset plan_cache_mode`]);
    if (rows.status === "rejected") throw rows.reason;
    return rows.value;
  } finally {
    connection.release();
  }
}

/**
 * A LIMIT written into the statement's text rather than sent as a
 * parameter: the pool's one generic plan per statement would not know a
 * parameter's value and plans for many rows (a parallel scan that read 377
 * rows for a page of 51).
 *
 * @example sql`select … order by … limit ${limitLiteral(sql, PAGE + 1)}`
 */
export function limitLiteral(sql: Sql, count: number) {
  return sql.unsafe(String(Math.trunc(count)));
}
