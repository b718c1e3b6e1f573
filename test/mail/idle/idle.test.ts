/** IDLE push: a message appended by another client is stored through the worker within seconds. */
import { afterAll, describe, expect, test } from "bun:test";
import { ImapFlow } from "imapflow";
import { leasesInUse } from "../../../src/mail/imap/leases.ts";
import { dovecot, imapFlowOptions, makeMessage } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { waitFor } from "../../support/wait.ts";
import { startWorkerWithIdle } from "../../support/worker.ts";
import { syncFixture } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

describe("IDLE", () => {
  test("turns a new INBOX message into a stored message within 3 s, and holds one connection of the budget", async () => {
    const fixture = await syncFixture(services, { budget: 2 });
    server.seedMaildir(fixture.box.user, "INBOX", [makeMessage({ from: "x@example.org", to: "me@example.org", subject: "first", body: "b" })]);
    await fixture.sync();
    const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# none", idle: { scanMs: 200 } });
    try {
      await waitFor(async () => worker.idle!.watching().includes(fixture.account.id) && (await db.sql`select idle_seen_at from mail_accounts where id = ${fixture.account.id}`)[0]!.idle_seen_at, {
        timeoutMs: 10_000,
        what: "IDLE to start",
      });
      expect(await leasesInUse(db.sql, fixture.account.id)).toBe(1);
      await Bun.sleep(500); // let the catch-up sync after connecting finish

      const client = new ImapFlow(imapFlowOptions(fixture.box));
      await client.connect();
      await client.append("INBOX", makeMessage({ from: "push@example.org", to: "me@example.org", subject: "pushed", body: "b" }));
      await client.logout();
      await waitFor(async () => (await db.sql`select count(*)::int as n from messages where account_id = ${fixture.account.id}`)[0]!.n === 2, {
        timeoutMs: 3_000,
        intervalMs: 50,
        what: "the pushed message to be stored",
      });
      expect(await leasesInUse(db.sql, fixture.account.id)).toBeLessThanOrEqual(2);
    } finally {
      await worker.stop();
    }
    expect(await leasesInUse(db.sql, fixture.account.id)).toBe(0);
  });

  test("a disabled account's watcher stops", async () => {
    const fixture = await syncFixture(services);
    const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# none", idle: { scanMs: 100 } });
    try {
      await waitFor(() => worker.idle!.watching().includes(fixture.account.id), { timeoutMs: 10_000, what: "IDLE to start" });
      await db.sql`update mail_accounts set enabled = false where id = ${fixture.account.id}`;
      await waitFor(() => !worker.idle!.watching().includes(fixture.account.id), { timeoutMs: 10_000, what: "IDLE to stop" });
      await waitFor(async () => (await leasesInUse(db.sql, fixture.account.id)) === 0, { timeoutMs: 5_000, what: "the lease to be given back" });
    } finally {
      await worker.stop();
    }
  });
});
