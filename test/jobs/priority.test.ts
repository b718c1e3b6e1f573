/**
 * Job priorities (src/jobs/priority.ts): a user's action queued behind a
 * backlog of bulk analysis starts next, not after the backlog; and every
 * place that queues jobs uses its priority.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCrontab } from "graphile-worker";
import { queueRun } from "../../src/analysis/runs.ts";
import { addJob, addJobs } from "../../src/jobs/add-job.ts";
import { JOB_PRIORITY } from "../../src/jobs/priority.ts";
import { CRONTAB_FILE } from "../../src/jobs/task-list.ts";
import { startWorker } from "../../src/jobs/worker.ts";
import { requestMessageAction } from "../../src/mail/actions/request.ts";
import { requestSync } from "../../src/mail/sync/request.ts";
import { requestIndexing } from "../../src/search/index-messages.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";
import { createTestUser } from "../support/users.ts";
import { waitFor } from "../support/wait.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const FIXTURE_TASKS = join(import.meta.dir, "fixtures", "tasks");
const BACKLOG = 100;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  // record_event's table, with the order the jobs ran in.
  await db.sql`create table test_events (label text, job_id text, at timestamptz default now(), seq bigserial)`;
});
afterAll(() => db.drop());

describe("job priorities", () => {
  test("an action queued behind a backlog of bulk jobs runs next", async () => {
    const services = testServices(db, { WORKER_CONCURRENCY: "1" });
    // The backlog as store.ts queues it: one addJobs batch with the bulk priority on each job.
    await addJobs(
      db.sql,
      Array.from({ length: BACKLOG }, () => ({ task: "record_event" as const, payload: { label: "bulk", waitMs: 20 }, priority: JOB_PRIORITY.bulk })),
    );
    const worker = await startWorker({ ...services, db }, { taskDirectory: FIXTURE_TASKS, crontab: "# no entries", preset: { pollInterval: 1000 } });
    try {
      await waitFor(async () => (await db.sql`select count(*)::int as n from test_events`)[0]!.n >= 5, { what: "the backlog to start" });
      await addJob(db.sql, "record_event", { label: "action" }, { priority: JOB_PRIORITY.userAction });
      await waitFor(async () => (await db.sql`select count(*)::int as n from test_events`)[0]!.n === BACKLOG + 1, { timeoutMs: 30_000, what: "all jobs" });
    } finally {
      await worker.stop();
    }
    const [order] = await db.sql<{ before: number; after: number }[]>`
      select count(*) filter (where seq < (select seq from test_events where label = 'action'))::int as before,
             count(*) filter (where seq > (select seq from test_events where label = 'action'))::int as after
      from test_events where label = 'bulk'`;
    // Started as soon as the running job finished (a few more may have started meanwhile), not after the other ~95.
    expect(order!.before).toBeLessThan(15);
    expect(order!.after).toBeGreaterThan(BACKLOG - 15);
  });

  test("each place that queues jobs gives them their priority", async () => {
    const services = testServices(db);
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [messageId] = await storeMails(services, owner, box, [{ subject: "Rechnung" }]);
    const userId = owner.user.id;
    const action = await requestMessageAction(services.sql, userId, messageId!, { action: "mark_read" });
    expect(action.ok).toBe(true);
    await requestSync(services.sql, { id: box.account.id, userId }, "all");
    await requestIndexing(services.sql, userId);
    await queueRun(services.sql, userId, messageId!, "llm");
    await queueRun(services.sql, userId, messageId!, "reprocess");
    const rows = await db.sql<{ task: string; priority: number }[]>`
      select task_identifier as task, priority from graphile_worker.jobs where task_identifier <> 'record_event' order by task_identifier`;
    expect(Object.fromEntries(rows.map((row) => [row.task, row.priority]))).toEqual({
      apply_message_action: JOB_PRIORITY.userAction,
      sync_account: JOB_PRIORITY.sync,
      index_messages: JOB_PRIORITY.bulk,
      llm_analyse_message: JOB_PRIORITY.bulk,
      // Sync's search index merge (src/search/merge.ts), queued with the stored message.
      merge_search_index: JOB_PRIORITY.bulk,
      process_message: JOB_PRIORITY.bulk,
      reprocess_message: JOB_PRIORITY.requestedAnalysis,
    });
  });

  test("the crontab's periodic poll has the sync priority", () => {
    const items = parseCrontab(readFileSync(CRONTAB_FILE, "utf8"));
    const poll = items.find((item) => item.task === "sync_all_accounts");
    expect(poll?.options.priority).toBe(JOB_PRIORITY.sync);
  });
});
