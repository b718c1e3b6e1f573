/**
 * New mail fetched over the IDLE connection (src/mail/idle/idle-fetch.ts):
 * stored and analysed without an INBOX sync job; coherent with a sync of the
 * same folder; strict-mode users and anything unusual fall back to the job.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { ImapFlow } from "imapflow";
import { fetchNewOverIdle, idleFetchCounters } from "../../../src/mail/idle/idle-fetch.ts";
import { dovecot, imapFlowOptions, makeMessage } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { waitFor } from "../../support/wait.ts";
import { startWorkerWithIdle } from "../../support/worker.ts";
import { type SyncFixture, syncFixture, withClient } from "../sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();
const sql = db.sql;

const message = (subject: string) => makeMessage({ from: "push@example.org", to: "me@example.org", subject, body: `body of ${subject}` });
const append = (fixture: SyncFixture, ...subjects: string[]) =>
  withClient(fixture, async (client) => {
    for (const subject of subjects) await client.append("INBOX", message(subject));
  });
const counts = async (fixture: SyncFixture) =>
  (
    await sql<{ messages: number; copies: number }[]>`
      select (select count(*)::int from messages where account_id = ${fixture.account.id}) as messages,
             (select count(*)::int from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${fixture.account.id}) as copies`
  )[0]!;
const lastSyncStarted = async (fixture: SyncFixture) => (await sql<{ at: Date | null }[]>`select last_sync_started_at as at from mail_accounts where id = ${fixture.account.id}`)[0]!.at?.getTime();
const syncJobs = async (fixture: SyncFixture) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'sync_account' and queue_name = ${`account:${fixture.account.id}`}`)[0]!.n;

/** The catch-up sync IDLE queues on connecting has run (it started after `before`) and nothing is queued or holds the account. */
const catchUpDone = (fixture: SyncFixture, before: number) =>
  waitFor(
    async () =>
      ((await lastSyncStarted(fixture)) ?? 0) > before &&
      (await syncJobs(fixture)) === 0 &&
      (await sql`select 1 from mail_accounts where id = ${fixture.account.id} and sync_lease_until is null`).length > 0,
    { timeoutMs: 30_000, what: "the catch-up sync to finish" },
  );

/** The app's side of the IDLE connection, without a worker: INBOX examined read-only, as the watcher has it. */
async function idleClient(fixture: SyncFixture): Promise<ImapFlow> {
  const client = new ImapFlow(imapFlowOptions(fixture.box));
  await client.connect();
  await client.mailboxOpen("INBOX", { readOnly: true });
  return client;
}
const fetchOver = (fixture: SyncFixture, client: ImapFlow) => fetchNewOverIdle(services, client, { id: fixture.account.id, userId: fixture.user.user.id, security: "tls" }, "test-idle");

async function syncedFixture(options: { keyMode?: "strict" | "background" } = {}): Promise<SyncFixture> {
  const fixture = await syncFixture(services, options);
  server.seedMaildir(fixture.box.user, "INBOX", [message("first")]);
  expect((await fixture.sync()).status).toBe("done");
  return fixture;
}

describe("new mail over the IDLE connection", () => {
  test("a message appended while watching is stored and analysed without a sync job", async () => {
    const fixture = await syncedFixture();
    const before = await lastSyncStarted(fixture);
    const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# none", idle: { scanMs: 200 } });
    try {
      await waitFor(async () => worker.idle.watching().includes(fixture.account.id) && (await sql`select idle_seen_at from mail_accounts where id = ${fixture.account.id}`)[0]!.idle_seen_at, {
        timeoutMs: 30_000,
        what: "IDLE to start",
      });
      await catchUpDone(fixture, before!);
      const syncStarted = await lastSyncStarted(fixture);
      const storedBefore = idleFetchCounters.stored;

      await append(fixture, "pushed");
      await waitFor(async () => (await sql`select 1 from messages where account_id = ${fixture.account.id} and processed_at is not null`).length === 2, {
        timeoutMs: 30_000,
        what: "the pushed message to be stored and analysed",
      });
      expect(idleFetchCounters.stored).toBeGreaterThan(storedBefore);
      expect(await lastSyncStarted(fixture)).toBe(syncStarted!); // no sync ran
      expect(await syncJobs(fixture)).toBe(0);
      expect(await counts(fixture)).toEqual({ messages: 2, copies: 2 });
      const [folder] = await sql<{ uidnext: string; messageCount: number }[]>`
        select uidnext::text, message_count as "messageCount" from folders where account_id = ${fixture.account.id} and special_use = 'inbox'`;
      expect(folder).toEqual({ uidnext: "3", messageCount: 2 });

      // Still watching: a second one arrives the same way.
      await append(fixture, "pushed again");
      await waitFor(async () => (await counts(fixture)).messages === 3, { timeoutMs: 30_000, what: "the second pushed message" });
      expect(await lastSyncStarted(fixture)).toBe(syncStarted!);
    } finally {
      await worker.stop();
    }
  });

  test("stores new mail once, whether a sync of INBOX runs beside it or fetches it again later", async () => {
    const fixture = await syncedFixture();
    await append(fixture, "a", "b", "c");
    const client = await idleClient(fixture);
    try {
      const [fetched, synced] = await Promise.all([fetchOver(fixture, client), fixture.sync("inbox")]);
      // One of the two held the account's sync lease; the other stood back (or found nothing left).
      expect(fetched.status === "stored" || fetched.status === "sync").toBe(true);
      expect(synced.status === "done" || synced.status === "skipped").toBe(true);
      if (synced.status === "skipped") expect(fetched).toMatchObject({ status: "stored", newMessages: 3 });
      if (fetched.status === "sync") expect(fetched.reason).toBe("busy");
      await fixture.sync("inbox");
      expect(await counts(fixture)).toEqual({ messages: 4, copies: 4 });

      // The same UIDs again, from both paths: the stored state forgotten, nothing doubles.
      const [inbox] = await sql<{ id: string }[]>`select id from folders where account_id = ${fixture.account.id} and special_use = 'inbox'`;
      await sql`update folders set uidnext = 2, message_count = 1 where id = ${inbox!.id}`;
      expect(await fetchOver(fixture, client)).toMatchObject({ status: "stored", newMessages: 0 });
      await sql`update folders set uidnext = 2, message_count = 1 where id = ${inbox!.id}`;
      expect((await fixture.sync("inbox")).status).toBe("done");
      expect(await counts(fixture)).toEqual({ messages: 4, copies: 4 });
    } finally {
      await client.logout();
    }
  });

  test("new mail's analysis is queued ahead of bulk work", async () => {
    const fixture = await syncedFixture();
    await append(fixture, "urgent");
    const client = await idleClient(fixture);
    try {
      expect(await fetchOver(fixture, client)).toMatchObject({ status: "stored", newMessages: 1 });
    } finally {
      await client.logout();
    }
    const jobs = await sql<{ priority: number }[]>`
      select j.priority from graphile_worker.jobs j join messages m on j.key = 'process:' || m.id
      where m.account_id = ${fixture.account.id} and m.processed_at is null`;
    // The first message's job (bulk, from its sync) and the pushed one's, queued ahead by the store itself.
    expect(jobs.map((job) => job.priority).sort((a, b) => a - b)).toEqual([5, 10]);
  });

  test("falls back to the sync job: strict mode, a held sync lease, a changed UIDVALIDITY, a gap", async () => {
    const strict = await syncedFixture({ keyMode: "strict" });
    await append(strict, "strict");
    let client = await idleClient(strict);
    try {
      expect(await fetchOver(strict, client)).toEqual({ status: "sync", reason: "strict" });
    } finally {
      await client.logout();
    }
    expect((await counts(strict)).messages).toBe(1);

    const fixture = await syncedFixture();
    await append(fixture, "one");
    client = await idleClient(fixture);
    try {
      await sql`update mail_accounts set sync_holder = 'elsewhere', sync_lease_until = now() + interval '1 minute' where id = ${fixture.account.id}`;
      expect(await fetchOver(fixture, client)).toEqual({ status: "sync", reason: "busy" });
      await sql`update mail_accounts set sync_holder = null, sync_lease_until = null where id = ${fixture.account.id}`;

      const [inbox] = await sql<{ id: string; uidvalidity: string }[]>`select id, uidvalidity::text from folders where account_id = ${fixture.account.id} and special_use = 'inbox'`;
      await sql`update folders set uidvalidity = 1 where id = ${inbox!.id}`;
      expect(await fetchOver(fixture, client)).toEqual({ status: "sync", reason: "uidvalidity" });
      await sql`update folders set uidvalidity = ${inbox!.uidvalidity} where id = ${inbox!.id}`;
      expect((await counts(fixture)).messages).toBe(1);

      // A copy the server has is missing here (dropped as damaged, say): the counts disagree, the sync must look.
      await sql`delete from message_copies where folder_id = ${inbox!.id} and uid = 1`;
      expect(await fetchOver(fixture, client)).toMatchObject({ status: "sync", reason: "gap", newMessages: 1 });
      expect((await counts(fixture)).messages).toBe(2);
    } finally {
      await client.logout();
    }
  });

  test("a strict-mode user's new mail comes by the INBOX sync job", async () => {
    const fixture = await syncedFixture({ keyMode: "strict" });
    const before = await lastSyncStarted(fixture);
    const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# none", idle: { scanMs: 200 } });
    try {
      await waitFor(() => worker.idle.watching().includes(fixture.account.id), { timeoutMs: 30_000, what: "IDLE to start" });
      await waitFor(async () => (await sql`select idle_seen_at from mail_accounts where id = ${fixture.account.id}`)[0]!.idle_seen_at, { what: "IDLE to be reported" });
      await catchUpDone(fixture, before!);
      const syncStarted = await lastSyncStarted(fixture);
      await append(fixture, "strict pushed");
      await waitFor(async () => (await counts(fixture)).messages === 2, { timeoutMs: 30_000, what: "the pushed message to be stored" });
      expect(await lastSyncStarted(fixture)).toBeGreaterThan(syncStarted!);
    } finally {
      await worker.stop();
    }
  });
});
