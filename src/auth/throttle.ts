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
import type { TransactionSql } from "postgres";
import type { Sql } from "../db/connection.ts";
import { clearTurns, pruneTurns, takeTurn } from "./throttle-turns.ts";

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
  // A browser that signed in before (device-cookie.ts): a budget of its own instead of the account's and the address's.
  device: { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 },
  // A half-signed-in session gets a handful of codes; then it is over until the window ends (the code page sends the user back to the password).
  session: { free: 5, baseMs: THROTTLE_WINDOW_MS, maxMs: THROTTLE_WINDOW_MS },
} satisfies Record<string, Limit>;

export interface ThrottleSubjects {
  scope: ThrottleScope;
  /** Account id, or the normalized email when no such account exists (so unknown accounts look the same). */
  account?: string;
  address: string;
  /** A device cookie verified for `account` (its id): the device's own budget replaces the account's and the address's. */
  device?: string;
  /** A half-signed-in session (the code step): its own small budget, after which it ends. */
  session?: string;
}

type SubjectKind = keyof typeof THROTTLE_LIMITS;

export type ThrottleDecision = { allowed: true; failures: number; delayMs: number; addressDelayMs: number } | { allowed: false; retryAfterMs: number; by: SubjectKind };

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
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** The keyed names of every counter an input can touch (the account has two: see claimAttempt). */
function subjectNames(key: SecretKey, input: ThrottleSubjects) {
  const address = addressSubject(input.address);
  return {
    address: hmac(key, `address:${address}`),
    account: input.account ? hmac(key, `account:${input.account}`) : undefined,
    device: input.account && input.device ? hmac(key, `device:${input.account}:${input.device}`) : undefined,
    session: input.session ? hmac(key, `session:${input.session}`) : undefined,
  };
}

interface LockedCounter {
  kind: SubjectKind;
  subject: Buffer;
  failures: number;
  waitMs: number;
}

/** Inserts the counter or locks the existing one until commit (the no-op update takes the lock and returns the row as it is). */
async function lockCounter(tx: TransactionSql, scope: ThrottleScope, kind: SubjectKind, subject: Buffer): Promise<LockedCounter> {
  const [row] = await tx<{ failures: number; stale: boolean; waitMs: number }[]>`
    insert into auth_throttle as t (scope, subject, failures, last_failure_at, next_attempt_at)
    values (${scope}, ${subject}, 0, now(), now())
    on conflict (scope, subject) do update set failures = t.failures
    returning failures, last_failure_at < now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000}) as stale,
              ceil(extract(epoch from (next_attempt_at - now())) * 1000)::float8 as "waitMs"`;
  return { kind, subject, failures: row!.stale ? 0 : row!.failures, waitMs: row!.stale ? 0 : row!.waitMs };
}

/**
 * Claims an attempt, counted as a failure until it succeeds (clearFailures).
 * Refused while a delay runs, without counting. The check and the count
 * happen under row locks held until commit, taken in one order (device, or
 * address then account; then session) so claims never deadlock; of a burst
 * of concurrent attempts exactly the free ones get through.
 *
 * A known device (a verified device cookie) counts only on its own budget:
 * an attack from elsewhere never delays it. Unknown clients share the
 * account's budget: its short delay is what bounds a guesser on many
 * addresses, and its slots go to them in turn, so a new device that obeys
 * Retry-After gets one even while an attack takes every slot it can.
 */
export async function claimAttempt(sql: Sql, key: SecretKey, input: ThrottleSubjects): Promise<ThrottleDecision> {
  const names = subjectNames(key, input);
  return await sql.begin(async (tx) => {
    const counters: LockedCounter[] = [];
    if (names.device) {
      counters.push(await lockCounter(tx, input.scope, "device", names.device));
    } else {
      counters.push(await lockCounter(tx, input.scope, "address", names.address));
      if (names.account) counters.push(await lockCounter(tx, input.scope, "account", names.account));
    }
    if (names.session) counters.push(await lockCounter(tx, input.scope, "session", names.session));

    // A spent session budget is named first: it ends the session rather than asking to wait.
    const blocked = counters.find((entry) => entry.kind === "session" && entry.waitMs > 0) ?? counters.find((entry) => entry.kind !== "account" && entry.waitMs > 0);
    if (blocked) return { allowed: false, retryAfterMs: blocked.waitMs, by: blocked.kind } as const;
    // Past its free failures, the account's slots go to unknown clients in turn (throttle-turns.ts).
    const account = counters.find((entry) => entry.kind === "account");
    if (account && account.failures >= THROTTLE_LIMITS.account.free) {
      const turn = await takeTurn(tx, { scope: input.scope, account: account.subject, address: names.address }, account.waitMs);
      if (!turn.allowed) return { allowed: false, retryAfterMs: turn.retryAfterMs, by: "account" } as const;
    }
    const decision = { allowed: true as const, failures: 0, delayMs: 0, addressDelayMs: 0 };
    for (const { kind, subject, failures } of counters) {
      const delayMs = delayAfter(failures + 1, THROTTLE_LIMITS[kind]);
      await tx`
        update auth_throttle set failures = ${failures + 1}, last_failure_at = now(), next_attempt_at = now() + make_interval(secs => ${delayMs / 1000})
        where scope = ${input.scope} and subject = ${subject}`;
      if (kind === "address") decision.addressDelayMs = delayMs;
      if (kind === "account" || kind === "device") Object.assign(decision, { failures: failures + 1, delayMs });
    }
    return decision;
  });
}

/** A success clears every counter of the attempt (the account's, this address's, the device's and the session's) and the account's line. */
export async function clearFailures(sql: Sql, key: SecretKey, input: ThrottleSubjects): Promise<void> {
  const names = subjectNames(key, input);
  const list = Object.values(names).filter((name): name is Buffer => name !== undefined);
  await sql`delete from auth_throttle where scope = ${input.scope} and subject in ${sql(list)}`;
  if (names.account) await clearTurns(sql, input.scope, names.account);
}

export async function pruneThrottle(sql: Sql): Promise<number> {
  const result = await sql`delete from auth_throttle where last_failure_at < now() - make_interval(secs => ${THROTTLE_WINDOW_MS / 1000})`;
  return result.count + (await pruneTurns(sql, THROTTLE_WINDOW_MS));
}
