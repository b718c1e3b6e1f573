/**
 * IMAP IDLE on one account's INBOX: server pushes (new mail, expunges, flag
 * changes) become an INBOX sync job within a second. IDLE is re-issued well
 * before the 29 minutes RFC 2177 allows; a dropped connection is reopened
 * with growing back-off; a refused password stops the watcher and marks the
 * account. The connection counts against the account's budget.
 */
import type { ImapFlow } from "imapflow";
import type { Sql } from "../../db/connection.ts";
import type { Logger } from "../../log.ts";
import { loadOutboundPolicy } from "../../net/allowed-targets-store.ts";
import { recordAccountStatus, type MailAccountConnection } from "../accounts/store.ts";
import { createImapClient } from "../imap/client.ts";
import { classifyImapError } from "../imap/errors.ts";
import { acquireImapLease, type ImapLease } from "../imap/leases.ts";
import { trackIdleConnection } from "../../metrics/record.ts";
import { requestSync } from "../sync/request.ts";

export interface IdleTiming {
  /** IDLE is ended and re-issued after this long (RFC 2177: at most 29 minutes). */
  reissueMs: number;
  /** Server events closer together than this make one sync job. */
  debounceMs: number;
  /** How often the account's `idle_seen_at` says the watcher is alive. */
  heartbeatMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_IDLE_TIMING: IdleTiming = {
  reissueMs: 25 * 60_000,
  debounceMs: 300,
  heartbeatMs: 60_000,
  backoffMinMs: 1_000,
  backoffMaxMs: 5 * 60_000,
};

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

  const heartbeat = () => sql`update mail_accounts set idle_seen_at = now() where id = ${account.id}`.catch(() => {});

  const session = async () => {
    lease = await acquireImapLease(sql, account.id, "idle", holder, { waitMs: 0, exclusive: true });
    client = await createImapClient({ ...account.connection }, await loadOutboundPolicy(sql));
    client.on("exists", requestInboxSync);
    client.on("expunge", requestInboxSync);
    client.on("flags", requestInboxSync);
    const closed = new Promise<void>((resolve) => client!.once("close", () => resolve()));
    await client.connect();
    await client.mailboxOpen("INBOX", { readOnly: true });
    watchLog.info("IDLE started");
    // Anything that arrived while we were away.
    requestInboxSync();
    await heartbeat();
    const beat = setInterval(heartbeat, timing.heartbeatMs);
    const idleClosed = trackIdleConnection();
    try {
      while (!stopped && client.usable) {
        const reissue = setTimeout(() => client?.noop().catch(() => {}), timing.reissueMs);
        await Promise.race([client.idle(), closed]);
        clearTimeout(reissue);
      }
    } finally {
      clearInterval(beat);
      idleClosed();
    }
  };

  const loop = async () => {
    let backoff = timing.backoffMinMs;
    while (!stopped) {
      const startedAt = Date.now();
      try {
        await session();
      } catch (error) {
        const failure = classifyImapError(error);
        if (failure.reason === "auth") {
          await recordAccountStatus(sql, account.id, "auth_failed", failure);
          watchLog.warn("IMAP sign-in refused; IDLE stopped");
          stopped = true;
        } else if (!stopped) {
          watchLog.warn("IDLE connection lost", { reason: failure.reason, retryInMs: backoff });
        }
      } finally {
        client?.close();
        client = undefined;
        await lease?.release().catch(() => {});
        lease = undefined;
      }
      if (stopped) break;
      // A session that lasted a while resets the back-off; a flapping one grows it.
      if (Date.now() - startedAt > timing.backoffMaxMs) backoff = timing.backoffMinMs;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, backoff);
      });
      backoff = Math.min(backoff * 2, timing.backoffMaxMs);
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
