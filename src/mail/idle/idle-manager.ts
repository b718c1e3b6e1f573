/**
 * Keeps one IDLE watcher per enabled account running in this worker
 * process: it looks every `scanMs` which accounts want one (enabled, not
 * stopped by a refused password, owner active, and in strict key mode only
 * while the owner is signed in) and starts or stops watchers to match. With
 * several workers, the exclusive "idle" lease makes sure only one of them
 * watches a given account. All of this process's watchers connect through
 * one gate (at most IDLE_CONNECT_CONCURRENCY attempts at a time), and
 * fetch new INBOX mail over their own connection (src/mail/idle/idle-fetch.ts).
 */
import type { ImapFlow } from "imapflow";
import { dataKeyForBackgroundWork, dataKeyReachable, DataKeyUnavailableError } from "../../auth/data-key-access.ts";
import type { Config } from "../../config.ts";
import type { MasterKeyring } from "../../crypto/master-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { Logger } from "../../log.ts";
import { accountConnection } from "../accounts/store.ts";
import { createConnectionGate } from "./connection-gate.ts";
import { fetchNewOverIdle } from "./idle-fetch.ts";
import { DEFAULT_IDLE_TIMING, startIdleWatcher, type IdleTiming, type IdleWatcher } from "./idle-watcher.ts";

/**
 * Connection attempts (TLS handshake, LOGIN, EXAMINE) one worker runs at once.
 * Measured with `bun run bench:idle` (1,000 accounts, local Dovecot): an
 * attempt takes the worker's event loop a few milliseconds, so 16 in flight
 * still leave room for the jobs running beside them, and a worker's first
 * start or a server restart reaches every account within seconds.
 */
export const IDLE_CONNECT_CONCURRENCY = 16;

export interface IdleManager {
  /** Runs one reconciliation now (tests; the timer does it every scanMs). */
  reconcile(): Promise<void>;
  watching(): string[];
  stop(): Promise<void>;
}

export interface IdleManagerOptions {
  scanMs?: number;
  timing?: IdleTiming;
  /** Overrides IDLE_CONNECT_CONCURRENCY. */
  connectConcurrency?: number;
}

export function startIdleManager(services: { sql: Sql; config: Config; log: Logger; keyring: MasterKeyring }, holder: string, options: IdleManagerOptions = {}): IdleManager {
  const { sql, log } = services;
  const watchers = new Map<string, IdleWatcher>();
  const gate = createConnectionGate(options.connectConcurrency ?? IDLE_CONNECT_CONCURRENCY);
  let stopping = false;
  let running: Promise<void> = Promise.resolve();

  const wanted = async () =>
    await sql<{ id: string; userId: string }[]>`
      select a.id, a.user_id as "userId" from mail_accounts a join users u on u.id = a.user_id
      where a.enabled and a.kind = 'imap' and a.status <> 'auth_failed' and u.status = 'active'
        and ${dataKeyReachable(sql, services.config)}
        and not exists (
          select 1 from imap_leases l where l.account_id = a.id and l.purpose = 'idle' and l.holder <> ${holder} and l.expires_at > now())`;

  const reconcileOnce = async () => {
    if (stopping) return;
    const accounts = await wanted();
    const wantedIds = new Set(accounts.map((account) => account.id));
    for (const [id, watcher] of watchers) {
      if (!wantedIds.has(id)) {
        watchers.delete(id);
        await watcher.stop();
      }
    }
    for (const account of accounts) {
      if (watchers.has(account.id) || stopping) continue;
      try {
        const dataKey = await dataKeyForBackgroundWork(sql, services.keyring, services.config, account.userId);
        const connection = await accountConnection(sql, dataKey, account.userId, account.id);
        if (!connection) continue;
        const fetchNew = (client: ImapFlow) => fetchNewOverIdle(services, client, { id: account.id, userId: account.userId, security: connection.security }, holder);
        watchers.set(account.id, startIdleWatcher(sql, log, { ...account, connection }, holder, options.timing ?? DEFAULT_IDLE_TIMING, gate, fetchNew));
      } catch (error) {
        if (!(error instanceof DataKeyUnavailableError)) log.warn("could not start IDLE", { accountId: account.id, error });
      }
    }
  };

  const reconcile = () => (running = running.then(reconcileOnce, reconcileOnce).catch((error) => log.warn("IDLE scan failed", { error })));
  const timer = setInterval(reconcile, options.scanMs ?? 30_000);
  void reconcile();

  return {
    reconcile,
    watching: () => [...watchers.keys()],
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running;
      await Promise.all([...watchers.values()].map((watcher) => watcher.stop()));
      watchers.clear();
    },
  };
}
