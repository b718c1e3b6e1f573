/**
 * The daily call budget: one row per user and UTC day in `llm_usage`,
 * counted up by a single upsert whose update only happens below the
 * user's limit. Concurrent workers cannot overspend: the conflicting row is
 * locked and the limit re-checked on its newest version.
 */
import type { Sql } from "../../db/connection.ts";

/**
 * Takes one call from today's budget: true if there was one left (and the
 * provider is configured and enabled), false otherwise.
 *
 * @example
 *   if (!(await takeLlmBudget(sql, userId))) return keepLocal("budget_spent");
 */
export async function takeLlmBudget(sql: Sql, userId: string): Promise<boolean> {
  const rows = await sql`
    insert into llm_usage as u (user_id, day, calls)
    select p.user_id, (now() at time zone 'utc')::date, 1
    from llm_providers p where p.user_id = ${userId} and p.enabled and p.daily_budget > 0
    on conflict (user_id, day) do update set calls = u.calls + 1
    where u.calls < (select p.daily_budget from llm_providers p where p.user_id = u.user_id and p.enabled)
    returning u.calls`;
  return rows.length > 0;
}

/** Deletes usage counts of all users older than a month (the budget only reads today's); returns how many days went. */
export async function pruneLlmUsage(sql: Sql): Promise<number> {
  const rows = await sql`delete from llm_usage where day < (now() at time zone 'utc')::date - 31 returning 1`;
  return rows.length;
}

/** Calls made today (UTC). */
export async function usedToday(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ calls: number }[]>`select calls from llm_usage where user_id = ${userId} and day = (now() at time zone 'utc')::date`;
  return row?.calls ?? 0;
}
