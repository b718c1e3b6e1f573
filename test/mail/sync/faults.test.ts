/**
 * Faults in the middle of an initial sync: the worker process SIGKILLed,
 * Dovecot stopped and restarted, PostgreSQL restarted (once, and three times
 * under a real worker that must recover by itself). After recovery the
 * local copy matches the server exactly: nothing lost, nothing duplicated,
 * no message handed to analysis twice.
 */
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { requestSync } from "../../../src/mail/sync/request.ts";
import { startApp } from "../../support/app-process.ts";
import { makeMessage, startDovecot, type Dovecot } from "../../support/dovecot.ts";
import { testCluster } from "../../support/postgres.ts";
import { openTestApp } from "../../support/test-app.ts";
import { waitFor } from "../../support/wait.ts";
import { syncFixture } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

/** Enough messages that a sync is still running when the fault strikes. */
const MESSAGES = 2500;

async function accountWithMail(server: Dovecot) {
  const fixture = await syncFixture(services, { server });
  server.seedMaildir(
    fixture.box.user,
    "INBOX",
    Array.from({ length: MESSAGES }, (_, i) =>
      makeMessage({ from: `s${i}@example.org`, to: "me@example.org", subject: `Nachricht ${i}`, body: `Inhalt ${i} `.repeat(40), messageId: `<fault${i}@example.org>` }),
    ),
  );
  return fixture;
}

const fetchedSoFar = async (accountId: string) => ((await db.sql`select fetched from sync_progress where account_id = ${accountId}`)[0]?.fetched as number | undefined) ?? 0;

/** The local copy equals the server's INBOX: every UID once, every message once. */
async function expectExactCopy(accountId: string) {
  const [counts] = await db.sql`
    select (select count(*)::int from messages where account_id = ${accountId}) as messages,
           (select count(*)::int from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${accountId} and f.path = 'INBOX') as copies,
           (select count(distinct c.uid)::int from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${accountId} and f.path = 'INBOX') as uids,
           (select min(c.uid)::int from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${accountId}) as low,
           (select max(c.uid)::int from message_copies c join folders f on f.id = c.folder_id where f.account_id = ${accountId}) as high`;
  expect(counts).toEqual({ messages: MESSAGES, copies: MESSAGES, uids: MESSAGES, low: 1, high: MESSAGES });
}

/** Every message was queued for analysis exactly once (one job each, by its job key). */
async function expectOneProcessJobEach(accountId: string) {
  const [row] = await db.sql`
    select count(*)::int as jobs, count(distinct key)::int as keys from graphile_worker.jobs
    where task_identifier = 'process_message' and key in (select 'process:' || id from messages where account_id = ${accountId})`;
  expect(row).toEqual({ jobs: MESSAGES, keys: MESSAGES });
}

// Each test's mailbox server is gone after it: its account must not keep later workers busy (IDLE, periodic sync).
afterEach(async () => {
  await db.sql`update mail_accounts set enabled = false`;
});

describe("faults during an initial sync", () => {
  test("Dovecot stopped mid-sync and restarted: the next sync completes the copy exactly", async () => {
    const server = await startDovecot();
    try {
      const fixture = await accountWithMail(server);
      const running = fixture.sync().catch((error: Error) => error);
      await waitFor(async () => (await fetchedSoFar(fixture.account.id)) >= 250, { timeoutMs: 30_000, intervalMs: 10, what: "the sync to be under way" });
      await server.stop("SIGKILL");
      const failed = await running;
      expect(failed).toBeInstanceOf(Error);
      const [account] = await db.sql`select status, last_error from mail_accounts where id = ${fixture.account.id}`;
      expect(account).toMatchObject({ status: "error" });
      expect(await fetchedSoFar(fixture.account.id)).toBeLessThan(MESSAGES);

      await server.restart();
      expect(await fixture.sync()).toMatchObject({ status: "done" });
      await expectExactCopy(fixture.account.id);
      await expectOneProcessJobEach(fixture.account.id);
      expect(await fixture.sync()).toMatchObject({ status: "done", fetched: 0, newMessages: 0 });
    } finally {
      await server.stop("SIGKILL");
    }
  });

  test("PostgreSQL restarted mid-sync: the next sync completes the copy exactly", async () => {
    const server = await startDovecot();
    try {
      const fixture = await accountWithMail(server);
      const running = fixture.sync().catch((error: Error) => error);
      await waitFor(async () => (await fetchedSoFar(fixture.account.id)) >= 250, { timeoutMs: 30_000, intervalMs: 10, what: "the sync to be under way" });
      await (await testCluster()).restart();
      // A query in flight fails; the pool reconnects by itself, so the sync may also just carry on.
      const first = await running;
      expect(first instanceof Error || first.status === "done").toBe(true);
      await waitFor(async () => (await db.sql`select 1 as ok`.catch(() => []))[0]?.ok === 1, { timeoutMs: 20_000, what: "the database to answer again" });

      expect(await fixture.sync()).toMatchObject({ status: "done" });
      await expectExactCopy(fixture.account.id);
      await expectOneProcessJobEach(fixture.account.id);
    } finally {
      await server.stop("SIGKILL");
    }
  });

  test("PostgreSQL restarted three times during an initial sync: the worker finishes by itself with an exact copy, each message analysed once", async () => {
    const server = await startDovecot();
    const env = { DATABASE_URL: db.url, DATA_DIR: services.config.dataDir, WORKER_CONCURRENCY: "2" };
    let worker: Awaited<ReturnType<typeof startApp>> | undefined;
    try {
      // The earlier tests synced without a worker and left their analysis jobs queued; this worker would run those first.
      await db.sql`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs))`;
      const fixture = await accountWithMail(server);
      const accountId = fixture.account.id;
      const stored = async () => ((await db.sql`select count(*)::int as n from messages where account_id = ${accountId}`.catch(() => []))[0]?.n as number | undefined) ?? 0;
      worker = await startApp("worker", env);
      await requestSync(db.sql, { id: accountId, userId: fixture.user.user.id }, "all");
      const unanalysed = async () => ((await db.sql`select count(*)::int as n from messages where account_id = ${accountId} and processed_at is null`)[0]?.n as number | undefined) ?? 0;
      // Early in the sync, with most of it still to come (it stores in batches of 150).
      const steps: string[] = [];
      for (const [index, atLeast] of [150, 400, 650].entries()) {
        const waited = Date.now();
        // Generous: each restart fails the jobs in flight, and graphile-worker backs each one off for e^attempts seconds.
        const before = await waitFor(
          async () => {
            const count = await stored();
            return count >= atLeast && count;
          },
          { timeoutMs: 60_000, intervalMs: 10, what: `${atLeast} messages stored` },
        );
        const toAnalyse = await unanalysed();
        const restarted = Date.now();
        await (await testCluster()).restart();
        steps.push(`${before} stored and ${toAnalyse} unanalysed after ${restarted - waited} ms; the restart took ${Date.now() - restarted} ms`);
        // Each restart strikes work in progress: the first one the sync itself (on a quiet machine each one does), the
        // others the sync or the analyses after it.
        const inProgress = before < MESSAGES || (index > 0 && toAnalyse > 0);
        expect({ steps, inProgress }).toEqual({ steps, inProgress: true });
      }

      // No step of ours from here: the worker recovers, finishes the sync and analyses every message.
      await waitFor(
        async () => {
          if (worker!.process.exitCode !== null) throw new Error(`the worker exited with ${worker!.process.exitCode}: ${worker!.stderr().slice(-2000)}`);
          const [row] = await db.sql`
            select (select phase from sync_progress where account_id = ${accountId}) as phase,
                   (select count(*)::int from graphile_worker.jobs
                    where queue_name = ${`account:${accountId}`} or key in (select 'process:' || id from messages where account_id = ${accountId})) as jobs,
                   (select count(*)::int from messages where account_id = ${accountId} and processed_at is null) as unprocessed`.catch(() => []);
          return row?.phase === "done" && row.jobs === 0 && row.unprocessed === 0;
        },
        { timeoutMs: 120_000, intervalMs: 200, what: "the worker to finish the sync and the analyses by itself" },
      ).catch(async (error) => {
        console.log(
          worker!.stdout().slice(-4000),
          worker!.stderr().slice(-2000),
          JSON.stringify(await db.sql`select task_identifier, locked_by, attempts, last_error, run_at from graphile_worker.jobs where task_identifier = 'sync_account'`),
          JSON.stringify(await db.sql`select purpose, holder, expires_at from imap_leases`),
          JSON.stringify(await db.sql`select phase from sync_progress where account_id = ${accountId}`),
          JSON.stringify(
            await db.sql`select task_identifier, attempts, max_attempts, run_at, locked_by, left(last_error, 120) as last_error from graphile_worker.jobs
                         where queue_name = ${`account:${accountId}`} or key in (select 'process:' || id from messages where account_id = ${accountId}) limit 20`,
          ),
          JSON.stringify(await db.sql`select count(*)::int as unprocessed from messages where account_id = ${accountId} and processed_at is null`),
        );
        throw error;
      });
      expect(worker.process.exitCode).toBeNull(); // recovered in the process, not by a restart of it
      await expectExactCopy(accountId);
      const [analysed] = await db.sql`
        select count(*)::int as messages, count(a.message_id)::int as analyses,
               min(m.process_count)::int as low, max(m.process_count)::int as high
        from messages m left join analyses a on a.message_id = m.id where m.account_id = ${accountId}`;
      expect(analysed).toEqual({ messages: MESSAGES, analyses: MESSAGES, low: 1, high: 1 });
      expect(await worker.stop()).toBe(0); // SIGTERM after runner restarts: a clean exit, no "Runner is already stopped"
    } finally {
      await worker?.stop();
      await server.stop("SIGKILL");
    }
  }, 300_000);

  test("the worker process SIGKILLed mid-sync: another worker takes the job over and completes the copy exactly", async () => {
    const server = await startDovecot();
    const env = { DATABASE_URL: db.url, DATA_DIR: services.config.dataDir, WORKER_CONCURRENCY: "2" };
    let second: Awaited<ReturnType<typeof startApp>> | undefined;
    try {
      const fixture = await accountWithMail(server);
      const first = await startApp("worker", env);
      await requestSync(db.sql, { id: fixture.account.id, userId: fixture.user.user.id }, "all");
      await waitFor(async () => (await fetchedSoFar(fixture.account.id)) >= 250, { timeoutMs: 30_000, intervalMs: 10, what: "the sync to be under way" });
      await first.stop("SIGKILL");
      expect(await fetchedSoFar(fixture.account.id)).toBeLessThan(MESSAGES);
      // The dead worker's job and queue stay locked until a live worker sees its heartbeat is old; do not wait two minutes for that.
      await db.sql`update worker_heartbeats set seen_at = now() - interval '10 minutes' where pid = ${first.process.pid}`;
      await db.sql`update imap_leases set expires_at = now() - interval '1 second' where account_id = ${fixture.account.id}`;
      await db.sql`update mail_accounts set sync_lease_until = now() - interval '1 second' where id = ${fixture.account.id}`;

      second = await startApp("worker", env);
      await waitFor(
        async () => {
          const [row] = await db.sql`select phase from sync_progress where account_id = ${fixture.account.id}`;
          // Jobs that can still run. (A job replaced by a new request while it ran is left with attempts = max_attempts by
          // graphile-worker, so it never runs again; when its worker dies it stays behind as a finished-for-good row.)
          const pending = await db.sql`
            select 1 from graphile_worker.jobs
            where attempts < max_attempts
              and (queue_name = ${`account:${fixture.account.id}`} or key in (select 'process:' || id from messages where account_id = ${fixture.account.id}))`;
          return row?.phase === "done" && pending.length === 0;
        },
        { timeoutMs: 60_000, intervalMs: 100, what: "the sync and its analysis jobs to finish on the second worker" },
      ).catch(async (error) => {
        console.log(
          second!.stdout().slice(-4000),
          second!.stderr(),
          JSON.stringify(await db.sql`select task_identifier, locked_by, attempts, last_error, run_at from graphile_worker.jobs limit 5`),
          JSON.stringify(await db.sql`select * from worker_heartbeats`),
        );
        throw error;
      });
      await expectExactCopy(fixture.account.id);
      const [counts] = await db.sql`select min(process_count)::int as low, max(process_count)::int as high from messages where account_id = ${fixture.account.id}`;
      expect(counts).toEqual({ low: 1, high: 1 });
    } finally {
      await second?.stop();
      await server.stop("SIGKILL");
    }
  });
});
