/**
 * How many connection tests a user may start per minute
 * (CONNECTION_TESTS_PER_MINUTE): each test makes the server connect
 * somewhere on the user's word, so many in a row are a scan, not a set-up.
 * A fixed window per user, counted by one upsert under the row's lock.
 */
import type { Sql } from "../db/connection.ts";
import { CONNECTION_TESTS_PER_MINUTE } from "../limits.ts";

const WINDOW_SECONDS = 60;

export type ConnectionTestClaim = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * @example
 *   const claim = await claimConnectionTest(sql, user.id);
 *   if (!claim.allowed) throw new AppError("RATE_LIMITED", …, { "Retry-After": … });
 */
export async function claimConnectionTest(sql: Sql, userId: string): Promise<ConnectionTestClaim> {
  const expired = sql`b.window_start <= now() - make_interval(secs => ${WINDOW_SECONDS})`;
  const [row] = await sql<{ used: number; retryAfterMs: number }[]>`
    insert into connection_test_budget as b (user_id, window_start, used) values (${userId}, now(), 1)
    on conflict (user_id) do update set
      window_start = case when ${expired} then now() else b.window_start end,
      used = case when ${expired} then 1 else b.used + 1 end
    returning used, ceil(extract(epoch from (window_start + make_interval(secs => ${WINDOW_SECONDS}) - now())) * 1000)::float8 as "retryAfterMs"`;
  return row!.used <= CONNECTION_TESTS_PER_MINUTE ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1000, row!.retryAfterMs) };
}
