/**
 * Brute-force protection with growing delays instead of a lock-out.
 *
 * Failed attempts are counted per account and per client address (IPv6 per
 * /64), each keyed by an HMAC so the table holds no addresses or emails.
 * Past a number of free failures, each counter imposes a delay that doubles
 * with every further failure up to a cap. An attempt inside a delay is
 * refused at once (429 + Retry-After) without checking the password, so an
 * attacker cannot make the server hash at will.
 *
 * The per-account delay is capped at a few seconds: that is all an attacker
 * on many addresses can impose on the real user, who is never locked out.
 * The per-address cap is long: one address cannot guess quickly. Counters
 * forget failures older than the window.
 */
import { isIPv6 } from "node:net";
import { hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";

export type ThrottleScope = "signin" | "second_factor" | "invitation" | "password_change";

interface Limit {
  /** Failures without any delay. */
  free: number;
  /** Delay after the first failure beyond `free`, doubled per further failure. */
  baseMs: number;
  maxMs: number;
}

/** Tuned so a real user who mistypes a few times never waits, and a guesser gets at most one try per delay. */
export const THROTTLE_LIMITS = {
  account: { free: 5, baseMs: 250, maxMs: 2_000 },
  address: { free: 10, baseMs: 1_000, maxMs: 15 * 60_000 },
} satisfies Record<string, Limit>;
/** Failures older than this no longer count. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export interface ThrottleSubjects {
  scope: ThrottleScope;
  /** Account id, or the normalized email when no such account exists (so unknown accounts look the same). */
  account?: string;
  address: string;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; by: "account" | "address" };

function delayAfter(failures: number, limit: Limit): number {
  return failures < limit.free ? 0 : Math.min(limit.baseMs * 2 ** (failures - limit.free), limit.maxMs);
}

/** The same formula in SQL, for the failure count `failures` of the row. */
function delaySeconds(sql: Sql, failures: ReturnType<Sql>, limit: Limit) {
  return sql`(case when ${failures} < ${limit.free} then 0 else least(${limit.baseMs}::float8 * power(2, ${failures} - ${limit.free}), ${limit.maxMs}) end / 1000.0)`;
}

/** All IPv6 addresses of one /64 are one subject: they usually belong to one machine or network. */
export function addressSubject(address: string): string {
  if (!isIPv6(address) || address.startsWith("::ffff:")) return address.replace(/^::ffff:/, "");
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

function subjects(key: SecretKey, input: ThrottleSubjects): { kind: "account" | "address"; subject: Buffer }[] {
  const address = { kind: "address" as const, subject: hmac(key, `address:${addressSubject(input.address)}`) };
  return input.account ? [address, { kind: "account", subject: hmac(key, `account:${input.account}`) }] : [address];
}

/**
 * Claims an attempt: refused while a delay runs; otherwise the attempt moves
 * `next_attempt_at` forward by the current delay before the password is even
 * checked, so a burst of concurrent attempts cannot all slip through one gap.
 */
export async function claimAttempt(sql: Sql, key: SecretKey, input: ThrottleSubjects): Promise<ThrottleDecision> {
  const window = sql`now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000})`;
  for (const { kind, subject } of subjects(key, input)) {
    const [row] = await sql<{ blocked: boolean; retryAfterMs: number }[]>`
      with old as (
        select failures, last_failure_at, next_attempt_at from auth_throttle
        where scope = ${input.scope} and subject = ${subject} for update
      )
      update auth_throttle t set
        failures = case when old.last_failure_at < ${window} then 0 else old.failures end,
        next_attempt_at = case
          when old.last_failure_at < ${window} then now()
          when old.next_attempt_at > now() then old.next_attempt_at
          else now() + make_interval(secs => ${delaySeconds(sql, sql`old.failures`, THROTTLE_LIMITS[kind])}) end
      from old
      where t.scope = ${input.scope} and t.subject = ${subject}
      returning old.last_failure_at >= ${window} and old.next_attempt_at > now() as blocked,
                ceil(extract(epoch from (old.next_attempt_at - now())) * 1000)::float8 as "retryAfterMs"`;
    if (row?.blocked) return { allowed: false, retryAfterMs: row.retryAfterMs, by: kind };
  }
  return { allowed: true };
}

/** Counts a failure on every subject and starts the delay; returns the delays for the log. */
export async function recordFailure(sql: Sql, key: SecretKey, input: ThrottleSubjects): Promise<{ failures: number; delayMs: number; addressDelayMs: number }> {
  const result = { failures: 0, delayMs: 0, addressDelayMs: 0 };
  const stale = sql`t.last_failure_at < now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000})`;
  for (const { kind, subject } of subjects(key, input)) {
    const limit = THROTTLE_LIMITS[kind];
    const [row] = await sql<{ failures: number }[]>`
      insert into auth_throttle as t (scope, subject, failures, last_failure_at, next_attempt_at)
      values (${input.scope}, ${subject}, 1, now(), now() + make_interval(secs => ${delayAfter(1, limit) / 1000}))
      on conflict (scope, subject) do update set
        failures = case when ${stale} then 1 else t.failures + 1 end,
        last_failure_at = now(),
        next_attempt_at = now() + make_interval(secs => ${delaySeconds(sql, sql`(case when ${stale} then 1 else t.failures + 1 end)`, limit)})
      returning failures`;
    const delay = delayAfter(row!.failures, limit);
    if (kind === "account") Object.assign(result, { failures: row!.failures, delayMs: delay });
    else result.addressDelayMs = delay;
  }
  return result;
}

/** A success clears the account's and this address's counters for the scope. */
export async function clearFailures(sql: Sql, key: SecretKey, input: ThrottleSubjects): Promise<void> {
  const list = subjects(key, input).map((entry) => entry.subject);
  await sql`delete from auth_throttle where scope = ${input.scope} and subject in ${sql(list)}`;
}

export async function pruneThrottle(sql: Sql): Promise<number> {
  const result = await sql`delete from auth_throttle where last_failure_at < now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000})`;
  return result.count;
}
