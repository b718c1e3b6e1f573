import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCrontab, type Task } from "graphile-worker";
import { checkCrontabRegistered } from "../../src/cli/doctor.ts";
import { addJob } from "../../src/jobs/add-job.ts";
import { CRONTAB_FILE, loadTaskList } from "../../src/jobs/task-list.ts";
import { startWorker, type Worker } from "../../src/jobs/worker.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";
import { createTestUser } from "../support/users.ts";
import { tempDir } from "../support/temp.ts";
import { waitFor } from "../support/wait.ts";

const FIXTURE_TASKS = join(import.meta.dir, "fixtures", "tasks");
/** Polling this rarely means only LISTEN/NOTIFY can start a job within the test. */
const NO_POLLING = { pollInterval: 600_000 };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table test_events (label text, job_id text, at timestamptz default now())`;
});
afterAll(() => db.drop());

/** An empty crontab text would make graphile-worker read the real `crontab` file instead. */
const NO_CRON = "# no entries";

async function withWorker(env: Record<string, string>, crontab: string, body: (worker: Worker) => Promise<void>) {
  const services = testServices(db, env);
  const worker = await startWorker({ ...services, db }, { taskDirectory: FIXTURE_TASKS, crontab, preset: NO_POLLING });
  try {
    await body(worker);
  } finally {
    await worker.stop();
  }
}

/** Calls a bound task the way graphile-worker would, with just the helpers our tasks use. */
function runTaskDirectly(task: Task, payload: unknown) {
  const helpers = { job: { id: "direct", attempts: 1 }, abortSignal: undefined } as unknown as Parameters<Task>[1];
  return task(payload, helpers);
}

const eventCount = async (label: string) => (await db.sql`select count(*)::int as n from test_events where label = ${label}`)[0]!.n as number;

describe("worker", () => {
  test("a job added with SQL is started through LISTEN/NOTIFY, not polling", async () => {
    await withWorker({}, NO_CRON, async () => {
      await Bun.sleep(200); // the worker is idle and listening
      await addJob(db.sql, "record_event", { label: "notified" });
      await waitFor(async () => (await eventCount("notified")) === 1, { timeoutMs: 10_000, what: "job to run" });
    });
  });

  test("a job added in a rolled-back transaction never runs", async () => {
    await withWorker({}, NO_CRON, async () => {
      await db.sql
        .begin(async (tx) => {
          await addJob(tx, "record_event", { label: "rolled-back" });
          throw new Error("abort");
        })
        .catch(() => {});
      await addJob(db.sql, "record_event", { label: "committed" });
      await waitFor(async () => (await eventCount("committed")) === 1, { timeoutMs: 10_000, what: "committed job" });
      expect(await eventCount("rolled-back")).toBe(0);
    });
  });

  test("an invalid payload fails the job with the field path, not the value", async () => {
    await withWorker({}, NO_CRON, async () => {
      const jobId = await addJob(db.sql, "record_event", { label: 12345 as unknown as string }, { maxAttempts: 1 });
      const job = await waitFor(async () => (await db.sql`select last_error, attempts from graphile_worker.jobs where id = ${jobId} and last_error is not null`)[0], {
        timeoutMs: 10_000,
        what: "job to fail",
      });
      expect(job.last_error).toContain("invalid payload for record_event: label");
      expect(job.last_error).not.toContain("12345");
    });
  });

  test("a worker registers its crontab, which is what doctor checks", async () => {
    const crontabFile = join(tempDir("cron"), "crontab");
    writeFileSync(crontabFile, "0 4 * * * record_event ?id=nightly_event\n");
    const before = await checkCrontabRegistered(db.sql, crontabFile);
    expect(before).toMatchObject({ ok: false, detail: expect.stringContaining("nightly_event") });
    await withWorker({}, readFileSync(crontabFile, "utf8"), async () => {
      await waitFor(async () => (await checkCrontabRegistered(db.sql, crontabFile)).ok, { what: "crontab registration" });
    });
  });

  test("the real crontab's tasks exist in tasks/", async () => {
    const tasks = await loadTaskList(testServices(db));
    const cronTasks = parseCrontab(readFileSync(CRONTAB_FILE, "utf8")).map((item) => item.task);
    expect(cronTasks.length).toBeGreaterThan(0);
    for (const task of cronTasks) expect(Object.keys(tasks)).toContain(task);
  });

  test("prune_expired_rows deletes expired sessions (with any data key they hold) and stale heartbeats, and keeps live ones", async () => {
    const services = testServices(db);
    const strict = await createTestUser(services, { keyMode: "strict" });
    const idle = await createTestUser(services, { keyMode: "strict" });
    const live = await createTestUser(services, { keyMode: "strict" });
    await db.sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${strict.user.id}`;
    await db.sql`update sessions set last_seen_at = now() - make_interval(mins => ${services.config.SESSION_IDLE_TIMEOUT_MIN + 1}) where user_id = ${idle.user.id}`;
    await db.sql`insert into worker_heartbeats (worker_id, hostname, pid, seen_at) values ('gone', 'h', 1, now() - interval '2 days'), ('live', 'h', 2, now())`;
    const tasks = await loadTaskList(services);
    await runTaskDirectly(tasks.prune_expired_rows as Task, {});
    const rows = await db.sql`select worker_id from worker_heartbeats where worker_id in ('gone', 'live')`;
    expect(rows.map((row) => row.worker_id)).toEqual(["live"]);
    const sessions = await db.sql`select user_id from sessions where user_id in ${db.sql([strict.user.id, idle.user.id, live.user.id])}`;
    expect(sessions.map((row) => row.user_id)).toEqual([live.user.id]);
  });

  test("a worker records a heartbeat while it runs and removes it when it stops", async () => {
    let workerId = "";
    await withWorker({}, NO_CRON, async (worker) => {
      workerId = worker.workerId;
      const [beat] = await db.sql`select pid from worker_heartbeats where worker_id = ${workerId}`;
      expect(beat?.pid).toBe(process.pid);
    });
    expect(await db.sql`select 1 from worker_heartbeats where worker_id = ${workerId}`).toHaveLength(0);
  });

  test("stop() lets a running job finish", async () => {
    let jobId = "";
    await withWorker({}, NO_CRON, async () => {
      jobId = await addJob(db.sql, "record_event", { label: "slow", waitMs: 500 });
      await waitFor(async () => (await db.sql`select 1 from graphile_worker.jobs where id = ${jobId} and locked_at is not null`).length === 1, {
        timeoutMs: 10_000,
        what: "job to start",
      });
    });
    expect(await eventCount("slow")).toBe(1);
    expect(await db.sql`select 1 from graphile_worker.jobs where id = ${jobId}`).toHaveLength(0);
  });

  test("a job still running at the shutdown timeout is released back to the queue", async () => {
    let jobId = "";
    await withWorker({ SHUTDOWN_TIMEOUT_S: "1" }, NO_CRON, async () => {
      jobId = await addJob(db.sql, "wait_forever", {});
      await waitFor(async () => (await db.sql`select 1 from graphile_worker.jobs where id = ${jobId} and locked_at is not null`).length === 1, {
        timeoutMs: 10_000,
        what: "job to start",
      });
    });
    const [job] = await db.sql`select locked_at, locked_by, attempts, last_error from graphile_worker.jobs where id = ${jobId}`;
    expect(job?.locked_at).toBeNull();
    expect(job?.attempts).toBe(1);
    expect(job?.last_error).toBeTruthy();
  });
});
