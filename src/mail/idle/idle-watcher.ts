/**
 * IMAP IDLE on one account's INBOX: new mail (EXISTS) is fetched over this
 * same connection when a `fetchNew` is given (src/mail/idle/idle-fetch.ts:
 * leave IDLE, fetch, store, IDLE again); anything else the server pushes
 * (expunges, flag changes), and new mail that fetch declines, becomes an
 * INBOX sync job within a second. IDLE is re-issued well
 * before the 29 minutes RFC 2177 allows; a dropped connection is reopened
 * after a jittered, growing delay (reconnectDelayMs), through the process's
 * connection gate; a refused password stops the watcher and marks the
 * account. The connection counts against the account's budget.
 *
 * A worker holds a thousand of these (`bun run bench:idle`): when a server
 * restarts, all of them lose their connection in the same second, and the
 * jitter plus the gate make the reconnects a spread-out stream instead of a
 * thousand TLS handshakes at once.
 */
import type { ImapFlow } from "imapflow";
import type { Sql } from "../../db/connection.ts";
import type { Logger } from "../../log.ts";
import { loadOutboundPolicy } from "../../net/allowed-targets-store.ts";
import { recordAccountStatus, type MailAccountConnection } from "../accounts/store.ts";
import { createImapClient } from "../imap/client.ts";
import { classifyImapError } from "../imap/errors.ts";
import { acquireImapLease, BudgetExhaustedError, type ImapLease } from "../imap/leases.ts";
import { trackIdleConnection } from "../../metrics/record.ts";
import { requestSync } from "../sync/request.ts";
import { UNGATED, type ConnectionGate } from "./connection-gate.ts";

export interface IdleTiming {
  /** IDLE is ended and re-issued after this long (RFC 2177: at most 29 minutes). */
  reissueMs: number;
  /** Server events closer together than this make one sync job. */
  debounceMs: number;
  /** How often the account's `idle_seen_at` says the watcher is alive. */
  heartbeatMs: number;
  /** No reconnect comes sooner than this after a drop. */
  backoffMinMs: number;
  /** Nor later than this, however often it failed. */
  backoffMaxMs: number;
  /** The first reconnect lands at a random point of a window this wide; each failure doubles it. */
  reconnectSpreadMs: number;
}

export const DEFAULT_IDLE_TIMING: IdleTiming = {
  reissueMs: 25 * 60_000,
  debounceMs: 300,
  heartbeatMs: 60_000,
  backoffMinMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  // 1,000 accounts over 10 s is ~100 connections a second; the catch-up sync on reconnect fetches anything missed meanwhile.
  reconnectSpreadMs: 10_000,
};

/**
 * The wait before reconnect attempt `attempt` (0: the first after a drop):
 * "full jitter" back-off, a uniformly random point in a window that starts
 * at `reconnectSpreadMs` and doubles per failed attempt, at least
 * `backoffMinMs` and at most `backoffMaxMs`. Watchers that lost their
 * connection together therefore come back spread over the window, not in
 * step (exponential back-off without jitter keeps them in step).
 *
 * @example
 *   reconnectDelayMs(0, DEFAULT_IDLE_TIMING) // somewhere in 1–11 s
 *   reconnectDelayMs(3, DEFAULT_IDLE_TIMING) // somewhere in 1–81 s
 */
export function reconnectDelayMs(attempt: number, timing: Pick<IdleTiming, "backoffMinMs" | "backoffMaxMs" | "reconnectSpreadMs">, random: () => number = Math.random): number {
  const window = Math.min(timing.backoffMaxMs, timing.reconnectSpreadMs * 2 ** Math.max(0, attempt));
  return Math.min(timing.backoffMaxMs, timing.backoffMinMs + Math.floor(random() * window));
}

/** IDLE re-issue after up to 10 % less than `reissueMs`, so watchers started together do not all send DONE + NOOP in the same second. */
const reissueDelayMs = (timing: IdleTiming) => Math.round(timing.reissueMs * (1 - 0.1 * Math.random()));

/** Fetches new INBOX mail over the watcher's connection; "sync": queue the INBOX sync job instead (src/mail/idle/idle-fetch.ts). */
export type NewMailFetcher = (client: ImapFlow) => Promise<{ status: "stored" | "sync"; reason?: string; newMessages?: number }>;

export interface IdleWatcher {
  accountId: string;
  stop(): Promise<void>;
}

export function startIdleWatcher(
  sql: Sql,
  log: Logger,
  account: { id: string; userId: string; connection: MailAccountConnection },
  holder: string,
  timing: IdleTiming = DEFAULT_IDLE_TIMING,
  gate: ConnectionGate = UNGATED,
  fetchNew?: NewMailFetcher,
): IdleWatcher {
  const watchLog = log.child({ accountId: account.id, component: "idle" });
  let stopped = false;
  let client: ImapFlow | undefined;
  let lease: ImapLease | undefined;
  let wake: (() => void) | undefined;
  let debounce: Timer | undefined;

  const requestInboxSync = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      requestSync(sql, { id: account.id, userId: account.userId }, "inbox").catch((error) => watchLog.warn("could not queue a sync", { error }));
    }, timing.debounceMs);
  };

  // New mail fetched over this connection: one fetch at a time; EXISTS during one asks for another after it.
  let fetchWanted = false;
  let fetching: Promise<void> | undefined;
  const fetchNewMail = async () => {
    while (fetchWanted && !stopped && client?.usable) {
      fetchWanted = false;
      try {
        const outcome = await fetchNew!(client);
        if (outcome.status === "stored") {
          watchLog.info("new mail fetched over IDLE", { newMessages: outcome.newMessages });
        } else {
          watchLog.info("new mail left to an INBOX sync", { reason: outcome.reason });
          requestInboxSync();
        }
      } catch (error) {
        // Stopping closes the connection under a running fetch: nothing to queue then.
        if (stopped) return;
        watchLog.warn("could not fetch new mail over IDLE; queueing a sync", { reason: classifyImapError(error).reason });
        requestInboxSync();
      }
    }
  };
  const onExists = () => {
    if (!fetchNew) return requestInboxSync();
    fetchWanted = true;
    fetching ??= fetchNewMail().finally(() => {
      fetching = undefined;
      // A notice that came between the loop's last check and here.
      if (fetchWanted && !stopped && client?.usable) onExists();
    });
  };

  const heartbeat = () => sql`update mail_accounts set idle_seen_at = now() where id = ${account.id}`.catch(() => {});

  /** Lease, connect, sign in and EXAMINE INBOX, holding a slot of the gate; false when stopped while waiting for one. */
  const open = async (): Promise<{ client: ImapFlow; closed: Promise<void> } | undefined> => {
    const release = await gate.acquire();
    try {
      if (stopped) return undefined;
      lease = await acquireImapLease(sql, account.id, "idle", holder, { waitMs: 0, exclusive: true });
      const opened = await createImapClient({ ...account.connection }, await loadOutboundPolicy(sql));
      client = opened;
      opened.on("exists", onExists);
      opened.on("expunge", requestInboxSync);
      opened.on("flags", requestInboxSync);
      const closed = new Promise<void>((resolve) => opened.once("close", () => resolve()));
      await opened.connect();
      await opened.mailboxOpen("INBOX", { readOnly: true });
      return { client: opened, closed };
    } finally {
      release();
    }
  };

  /** One connection's life; true once it reached IDLE. */
  const session = async (): Promise<boolean> => {
    const opened = await open();
    if (!opened) return false;
    watchLog.info("IDLE started");
    // Anything that arrived while we were away.
    requestInboxSync();
    await heartbeat();
    const beat = setInterval(heartbeat, timing.heartbeatMs);
    const idleClosed = trackIdleConnection();
    try {
      while (!stopped && opened.client.usable) {
        // A fetch of new mail ended IDLE with its first command; IDLE again once it is done.
        if (fetching) {
          await Promise.race([fetching, opened.closed]);
          continue;
        }
        const reissue = setTimeout(() => client?.noop().catch(() => {}), reissueDelayMs(timing));
        await Promise.race([opened.client.idle(), opened.closed]);
        clearTimeout(reissue);
      }
    } finally {
      clearInterval(beat);
      idleClosed();
      await fetching;
    }
    return true;
  };

  const loop = async () => {
    let attempt = 0;
    while (!stopped) {
      const startedAt = Date.now();
      // The account's connections all in use (a sync, actions) is our own contention, not a server coming back:
      // retried on a narrow window (1 s, doubling) so IDLE resumes soon after they finish.
      let spreadMs = timing.reconnectSpreadMs;
      try {
        if ((await session()) && !stopped) watchLog.info("IDLE connection closed by the server", { attempt });
      } catch (error) {
        const failure = classifyImapError(error);
        if (failure.reason === "auth") {
          await recordAccountStatus(sql, account.id, "auth_failed", failure);
          watchLog.warn("IMAP sign-in refused; IDLE stopped");
          stopped = true;
        } else if (error instanceof BudgetExhaustedError) {
          spreadMs = timing.backoffMinMs;
        } else if (!stopped) {
          watchLog.warn("IDLE connection lost", { reason: failure.reason, attempt });
        }
      } finally {
        client?.close();
        client = undefined;
        await lease?.release().catch(() => {});
        lease = undefined;
      }
      if (stopped) break;
      // A session that lasted a while starts the back-off afresh; a flapping one grows it.
      if (Date.now() - startedAt > timing.backoffMaxMs) attempt = 0;
      const delay = reconnectDelayMs(attempt, { ...timing, reconnectSpreadMs: spreadMs });
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
      attempt++;
    }
  };

  const running = loop();
  return {
    accountId: account.id,
    async stop() {
      stopped = true;
      clearTimeout(debounce);
      wake?.();
      await client?.logout().catch(() => client?.close());
      await running;
    },
  };
}
