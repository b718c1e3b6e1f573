/**
 * A Dovecot crash and restart under an IDLE watcher: the watcher comes back by itself
 * (jittered back-off, through the manager's gate) and the catch-up sync on
 * reconnecting picks up mail delivered while the server was down.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { leasesInUse } from "../../../src/mail/imap/leases.ts";
import { DEFAULT_IDLE_TIMING } from "../../../src/mail/idle/idle-watcher.ts";
import { makeMessage, startDovecot } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { waitFor } from "../../support/wait.ts";
import { startWorkerWithIdle } from "../../support/worker.ts";
import { syncFixture } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
// A server of its own: restarting the run's shared Dovecot would cut other test files' connections.
const server = await startDovecot();
afterAll(async () => {
  await server.stop("SIGKILL");
  await db.drop();
});

const countMessages = async (accountId: string) => (await db.sql<{ n: number }[]>`select count(*)::int as n from messages where account_id = ${accountId}`)[0]!.n;

describe("IDLE across a server restart", () => {
  test("comes back after Dovecot restarts and stores the message delivered while it was down", async () => {
    const fixture = await syncFixture(services, { server });
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "before@example.org", to: "me@example.org", subject: "before", body: "b" })]);
    await fixture.sync();
    // Short windows keep the test quick; the schedule itself is tested in reconnect-delay.test.ts.
    const timing = { ...DEFAULT_IDLE_TIMING, backoffMinMs: 200, reconnectSpreadMs: 500 };
    const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# none", idle: { scanMs: 100, timing } });
    const idleSeen = async () => (await db.sql<{ at: Date | null }[]>`select idle_seen_at as at from mail_accounts where id = ${fixture.account.id}`)[0]!.at;
    try {
      await waitFor(async () => worker.idle.watching().includes(fixture.account.id) && (await idleSeen()), { timeoutMs: 10_000, what: "IDLE to start" });
      await waitFor(async () => (await db.sql`select 1 from graphile_worker.jobs where task_identifier = 'sync_account'`).length === 0, { timeoutMs: 10_000, what: "the catch-up sync to finish" });

      // SIGKILL takes the imap processes down with the master at once; after SIGTERM the one serving IDLE can
      // outlive it for a moment and still report the delivery below, which is not what this test is about.
      await server.stop("SIGKILL");
      const downSince = new Date();
      server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "down@example.org", to: "me@example.org", subject: "while down", body: "d" })]);
      await Bun.sleep(1_500); // at least one failed reconnect attempt
      expect(await countMessages(fixture.account.id)).toBe(1);
      await server.restart();

      await waitFor(async () => (await countMessages(fixture.account.id)) === 2, { timeoutMs: 20_000, intervalMs: 100, what: "the message delivered while down to be stored" });
      // Back in IDLE on a new connection (the heartbeat at its start), the same watcher, one lease.
      await waitFor(async () => ((await idleSeen())?.getTime() ?? 0) > downSince.getTime(), { timeoutMs: 10_000, what: "IDLE to start again" });
      expect(worker.idle.watching()).toEqual([fixture.account.id]);
      // The watcher's lease, once the catch-up sync gave its own back.
      await waitFor(async () => (await leasesInUse(db.sql, fixture.account.id)) === 1, { timeoutMs: 10_000, what: "one lease, the watcher's" });

      // And it is really listening again: a push after the restart arrives as well.
      server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "after@example.org", to: "me@example.org", subject: "after", body: "a" })]);
      await waitFor(async () => (await countMessages(fixture.account.id)) === 3, { timeoutMs: 10_000, intervalMs: 100, what: "a message after the restart to be stored" });
    } finally {
      await worker.stop();
    }
    expect(await leasesInUse(db.sql, fixture.account.id)).toBe(0);
  });
});
