/**
 * Fair turns for unknown clients while an account's delay runs.
 *
 * The account's delay lets one attempt through every few seconds. Given to
 * whoever asks first, every slot goes to an attacker who asks every few
 * milliseconds, and the real user on a new device, obeying Retry-After,
 * never gets one. So while the delay runs, a free slot goes to the client
 * that has waited longest among those waiting for it: clients never served
 * before those already served, then by place in line. A client waits for
 * this slot from when it was told to come back (Retry-After, whole seconds,
 * so up to a second after the slot frees) until a grace period later;
 * asking earlier sends it to the back of the line, so hammering loses its
 * place and a client that comes back as told keeps it.
 *
 * Callers hold the account's throttle row lock (throttle.ts), so turns of
 * one account are decided one at a time.
 */
import type { TransactionSql } from "postgres";
import type { Sql } from "../db/connection.ts";
import type { ThrottleScope } from "./throttle.ts";

/** How long a free slot is kept for a waiting client after the time it was told to come back. */
export const TURN_GRACE_MS = 1_000;

export interface TurnSubjects {
  scope: ThrottleScope;
  account: Buffer;
  address: Buffer;
}

export type TurnDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Whole seconds, as Retry-After says them: the promise is the moment the client will come back. */
const wholeSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000)) * 1000;

/** `accountWaitMs`: how long the account's delay still runs (0 when a slot is free). */
export async function takeTurn(tx: TransactionSql, subjects: TurnSubjects, accountWaitMs: number): Promise<TurnDecision> {
  const { scope, account, address } = subjects;
  await tx`
    insert into auth_throttle_turns as t (scope, account, address)
    values (${scope}, ${account}, ${address})
    on conflict (scope, account, address) do update
      set turn_at = case when t.promised_at > now() then now() else t.turn_at end`;

  let waitMs = accountWaitMs;
  if (waitMs <= 0) {
    const [ahead] = await tx<{ windowMs: number }[]>`
      select ceil(extract(epoch from (other.promised_at - now())) * 1000)::float8 + ${TURN_GRACE_MS} as "windowMs"
      from auth_throttle_turns me
      join auth_throttle_turns other on other.scope = me.scope and other.account = me.account and other.address <> me.address
      where me.scope = ${scope} and me.account = ${account} and me.address = ${address}
        and other.promised_at between now() - make_interval(secs => ${TURN_GRACE_MS / 1000}) and now() + interval '1 second'
        and (other.served, other.turn_at) < (me.served, me.turn_at)
      order by other.served, other.turn_at
      limit 1`;
    if (!ahead) {
      await tx`
        update auth_throttle_turns set served = true, turn_at = now(), promised_at = null
        where scope = ${scope} and account = ${account} and address = ${address}`;
      return { allowed: true };
    }
    waitMs = ahead.windowMs;
  }
  const retryAfterMs = wholeSeconds(waitMs);
  await tx`
    update auth_throttle_turns set promised_at = now() + make_interval(secs => ${retryAfterMs / 1000})
    where scope = ${scope} and account = ${account} and address = ${address}`;
  return { allowed: false, retryAfterMs };
}

/** A success ends the account's contention: its line starts afresh. */
export async function clearTurns(sql: Sql, scope: ThrottleScope, account: Buffer): Promise<void> {
  await sql`delete from auth_throttle_turns where scope = ${scope} and account = ${account}`;
}

/** Lines nobody has stood in for the throttle window. */
export async function pruneTurns(sql: Sql, windowMs: number): Promise<number> {
  const result = await sql`delete from auth_throttle_turns where greatest(turn_at, promised_at) < now() - make_interval(secs => ${windowMs / 1000})`;
  return result.count;
}
