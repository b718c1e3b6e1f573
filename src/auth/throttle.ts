/**
 * Brute-force protection with growing delays instead of a lock-out.
 *
 * Attempts are counted per account and per client address (IPv6 per /64),
 * and at the code step also per half-signed-in session, each keyed by an
 * HMAC so the table holds no addresses or emails. An attempt counts as a
 * failure from the moment it is claimed until it succeeds.
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

/** Failures older than this no longer count. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;

/** Tuned so a real user who mistypes a few times never waits, and a guesser gets at most one try per delay. */
export const THROTTLE_LIMITS = {
  account: { free: 5, baseMs: 250, maxMs: 2_000 },
  address: { free: 10, baseMs: 1_000, maxMs: 15 * 60_000 },
  // A half-signed-in session gets a handful of codes; then it is over until the window ends (the code page sends the user back to the password).
  session: { free: 5, baseMs: THROTTLE_WINDOW_MS, maxMs: THROTTLE_WINDOW_MS },
} satisfies Record<string, Limit>;

export interface ThrottleSubjects {
  scope: ThrottleScope;
  /** Account id, or the normalized email when no such account exists (so unknown accounts look the same). */
  account?: string;
  address: string;
  /** A half-signed-in session (the code step): its own small budget, after which it ends. */
  session?: string;
}

type SubjectKind = keyof typeof THROTTLE_LIMITS;

export type ThrottleDecision =
  | { allowed: true; failures: number; delayMs: number; addressDelayMs: number }
  | { allowed: false; retryAfterMs: number; by: SubjectKind };

function delayAfter(failures: number, limit: Limit): number {
  return failures < limit.free ? 0 : Math.min(limit.baseMs * 2 ** (failures - limit.free), limit.maxMs);
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

/** Address first, then account, then session: every claim locks its rows in this one order, so claims never deadlock. */
function subjects(key: SecretKey, input: ThrottleSubjects): { kind: SubjectKind; subject: Buffer }[] {
  return [
    { kind: "address" as const, subject: hmac(key, `address:${addressSubject(input.address)}`) },
    ...(input.account ? [{ kind: "account" as const, subject: hmac(key, `account:${input.account}`) }] : []),
    ...(input.session ? [{ kind: "session" as const, subject: hmac(key, `session:${input.session}`) }] : []),
  ];
}

/**
 * Claims an attempt, counted as a failure until it succeeds (clearFailures).
 * Refused while a delay runs, without counting. The check and the count
 * happen under a row lock held until commit, so of a burst of concurrent
 * attempts exactly the free ones get through; the rest wait for the delay
 * the free ones started.
 */
export async function claimAttempt(sql: Sql, key: SecretKey, input: ThrottleSubjects): Promise<ThrottleDecision> {
  const window = sql`now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000})`;
  return await sql.begin(async (tx) => {
    const current: { kind: SubjectKind; subject: Buffer; failures: number; waitMs: number }[] = [];
    for (const { kind, subject } of subjects(key, input)) {
      // Inserts the row or locks the existing one (the no-op update takes the lock and returns it as it is).
      const [row] = await tx<{ failures: number; stale: boolean; waitMs: number }[]>`
        insert into auth_throttle as t (scope, subject, failures, last_failure_at, next_attempt_at)
        values (${input.scope}, ${subject}, 0, now(), now())
        on conflict (scope, subject) do update set failures = t.failures
        returning failures, last_failure_at < ${window} as stale, ceil(extract(epoch from (next_attempt_at - now())) * 1000)::float8 as "waitMs"`;
      current.push({ kind, subject, failures: row!.stale ? 0 : row!.failures, waitMs: row!.stale ? 0 : row!.waitMs });
    }
    // A spent session budget is named first: it ends the session rather than asking to wait.
    const blocked = current.find((entry) => entry.kind === "session" && entry.waitMs > 0) ?? current.find((entry) => entry.waitMs > 0);
    if (blocked) return { allowed: false, retryAfterMs: blocked.waitMs, by: blocked.kind } as const;
    const decision = { allowed: true as const, failures: 0, delayMs: 0, addressDelayMs: 0 };
    for (const { kind, subject, failures } of current) {
      const delayMs = delayAfter(failures + 1, THROTTLE_LIMITS[kind]);
      await tx`
        update auth_throttle set failures = ${failures + 1}, last_failure_at = now(), next_attempt_at = now() + make_interval(secs => ${delayMs / 1000})
        where scope = ${input.scope} and subject = ${subject}`;
      if (kind === "address") decision.addressDelayMs = delayMs;
      if (kind === "account") Object.assign(decision, { failures: failures + 1, delayMs });
    }
    return decision;
  });
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
