/**
 * The per-account budget of IMAP connections, across every process: each
 * open connection holds a lease row; taking one is serialised per account by
 * an advisory lock and refused while the budget is used up. Leases expire if
 * their holder dies (a SIGKILLed worker), so a budget never leaks for long.
 */
import type { Sql } from "../../db/connection.ts";

/** A lease lives this long unless renewed; holders renew at a third of it. */
export const LEASE_TTL_MS = 90_000;
const RENEW_EVERY_MS = LEASE_TTL_MS / 3;
const POLL_MS = 100;
/**
 * Giving a lease back is tried this often, RELEASE_RETRY_MS apart: a session
 * that ends because the database is restarting would otherwise keep its
 * connection of the budget until LEASE_TTL_MS, and the retried sync would
 * wait for it (as the sync lease does, src/mail/sync/sync-account.ts).
 */
const RELEASE_TRIES = 10;
const RELEASE_RETRY_MS = 500;

export class BudgetExhaustedError extends Error {
  override name = "BudgetExhaustedError";
  readonly code = "IMAP_BUDGET_EXHAUSTED";
}

export interface ImapLease {
  id: string;
  release(): Promise<void>;
}

async function tryAcquire(sql: Sql, accountId: string, purpose: string, holder: string, exclusive: boolean): Promise<string | undefined> {
  return await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`imap-lease:${accountId}`}))`;
    await tx`delete from imap_leases where account_id = ${accountId} and expires_at < now()`;
    const [row] = await tx<{ id: string }[]>`
      insert into imap_leases (account_id, purpose, holder, expires_at)
      select ${accountId}, ${purpose}, ${holder}, now() + make_interval(secs => ${LEASE_TTL_MS / 1000})
      where (select count(*) from imap_leases where account_id = ${accountId})
          < (select connection_budget from mail_accounts where id = ${accountId})
        and not (${exclusive} and exists (select 1 from imap_leases where account_id = ${accountId} and purpose = ${purpose}))
      returning id`;
    return row?.id;
  });
}

/**
 * Takes one connection of the account's budget, waiting up to `waitMs` for
 * one to free up. `exclusive`: also refused while another lease of the same
 * purpose exists (one IDLE watcher per account, whichever worker runs it).
 *
 * @throws BudgetExhaustedError
 */
export async function acquireImapLease(sql: Sql, accountId: string, purpose: string, holder: string, options: { waitMs?: number; exclusive?: boolean } = {}): Promise<ImapLease> {
  const { waitMs = 30_000, exclusive = false } = options;
  const deadline = Date.now() + waitMs;
  let id = await tryAcquire(sql, accountId, purpose, holder, exclusive);
  while (!id) {
    if (Date.now() > deadline) throw new BudgetExhaustedError(`all IMAP connections of the account are in use (waited ${waitMs} ms)`);
    await Bun.sleep(POLL_MS);
    id = await tryAcquire(sql, accountId, purpose, holder, exclusive);
  }
  const leaseId = id;
  const timer = setInterval(() => {
    sql`update imap_leases set expires_at = now() + make_interval(secs => ${LEASE_TTL_MS / 1000}) where id = ${leaseId}`.catch(() => {});
  }, RENEW_EVERY_MS);
  timer.unref?.();
  let released = false;
  return {
    id: leaseId,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      for (let attempt = 1; ; attempt++) {
        try {
          await sql`delete from imap_leases where id = ${leaseId}`;
          return;
        } catch (error) {
          if (attempt === RELEASE_TRIES) throw error;
          await Bun.sleep(RELEASE_RETRY_MS);
        }
      }
    },
  };
}

/** Connections the account holds right now (for tests and the status page). */
export async function leasesInUse(sql: Sql, accountId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from imap_leases where account_id = ${accountId} and expires_at > now()`;
  return row!.n;
}
