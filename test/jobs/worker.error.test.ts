/**
 * The worker when PostgreSQL restarts under it. graphile-worker ends its
 * runner when it cannot record a job's outcome; the worker must notice,
 * release what that runner held, start a new one, and say so meanwhile.
 * Each test restarts the real (shared) test cluster.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { runDoctorChecks } from "../../src/cli/doctor.ts";
import { checkReadiness } from "../../src/ops/readiness.ts";
import { addJob } from "../../src/jobs/add-job.ts";
import { startWorker, type Worker, type WorkerOptions } from "../../src/jobs/worker.ts";
import { createTestDatabase, testCluster, type TestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";
import { waitFor } from "../support/wait.ts";

const FIXTURE_TASKS = join(import.meta.dir, "fixtures", "tasks");

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table test_events (label text, job_id text, at timestamptz default now())`;
});
afterAll(() => db.drop());

async function withWorker(options: WorkerOptions, body: (worker: Worker) => Promise<void>) {
  const worker = await startWorker({ ...testServices(db), db }, { taskDirectory: FIXTURE_TASKS, crontab: "# no entries", ...options });
  try {
    await body(worker);
  } finally {
    await worker.stop();
  }
}

const eventCount = async (label: string) => (await db.sql`select count(*)::int as n from test_events where label = ${label}`.catch(() => [{ n: -1 }]))[0]!.n as number;

/** Starts a job that is still running when the database goes away, restarts PostgreSQL, and waits until it answers again. */
async function restartUnderRunningJob(label: string): Promise<string> {
  const jobId = await addJob(db.sql, "outlive_database", { label });
  await waitFor(async () => (await eventCount(`${label}:started`)) === 1, { timeoutMs: 10_000, what: "the job to start" });
  await (await testCluster()).restart();
  await waitFor(async () => (await db.sql`select 1 as ok`.catch(() => []))[0]?.ok === 1, { timeoutMs: 20_000, what: "the database to answer again" });
  return jobId;
}

const runnerDown = async (workerId: string) => (await db.sql`select 1 from worker_heartbeats where worker_id = ${workerId} and runner_down_since is not null`.catch(() => [])).length === 1;

describe("worker when PostgreSQL restarts", () => {
  test("the job in flight is released and runs again, and jobs added afterwards run, without any manual step", async () => {
    await withWorker({}, async () => {
      const jobId = await restartUnderRunningJob("in-flight");
      await waitFor(async () => (await eventCount("in-flight:again")) === 1, { timeoutMs: 30_000, intervalMs: 100, what: "the job in flight to run again" });
      await waitFor(async () => (await db.sql`select 1 from graphile_worker.jobs where id = ${jobId}`).length === 0, { what: "the job to be done" });

      await addJob(db.sql, "record_event", { label: "after-restart" });
      await waitFor(async () => (await eventCount("after-restart")) === 1, { timeoutMs: 10_000, what: "a job added after the restart to run" });
    });
  });

  test("readiness and doctor report the worker unhealthy while it has no runner, and healthy once it has one again", async () => {
    const services = testServices(db);
    // A longer first wait before the restart, so the gap without a runner can be seen.
    await withWorker({ restartDelayMs: 4_000 }, async (worker) => {
      await waitFor(async () => (await checkReadiness(db.sql)).ready, { what: "the worker to be ready" });
      await restartUnderRunningJob("readiness");

      const down = await waitFor(
        async () => {
          const report = await checkReadiness(db.sql);
          return report.checks.database.ok && !report.checks.worker.ok && report;
        },
        { timeoutMs: 10_000, intervalMs: 50, what: "readiness to report the worker without a runner" },
      );
      expect(down.ready).toBe(false);
      expect(down.checks.worker.detail).toContain("no job runner");
      const doctor = await runDoctorChecks(db.sql, services.config);
      expect(doctor.find((check) => check.name === "worker alive")).toMatchObject({ ok: false, detail: expect.stringContaining("no job runner") });
      expect(await runnerDown(worker.workerId)).toBe(true);

      await waitFor(async () => (await checkReadiness(db.sql)).ready, { timeoutMs: 30_000, intervalMs: 100, what: "readiness once the runner is back" });
      expect(await runnerDown(worker.workerId)).toBe(false);
    });
  });

  test("a runner that ended on its own is replaced as soon as its last job is done, not after the shutdown timeout", async () => {
    // graphile-worker 0.18's batcher of failed outcomes loses count of its writes once one of them failed: a later one that
    // finished before the pool ended left the pool waiting for the shutdown timeout (src/patches/graphile-worker.ts).
    await db.sql.unsafe(`
      create function refuse_unrecordable() returns trigger language plpgsql as $$
      begin
        if new.last_error is distinct from old.last_error and new.payload->>'label' = 'unrecordable' then
          raise exception 'test: this outcome cannot be recorded';
        end if;
        return new;
      end $$;
      create trigger refuse_unrecordable before update on graphile_worker._private_jobs
        for each row execute function refuse_unrecordable()`);
    const dropTrigger = () => db.sql`drop trigger if exists refuse_unrecordable on graphile_worker._private_jobs`;
    const services = testServices(db, { SHUTDOWN_TIMEOUT_S: "45", WORKER_CONCURRENCY: "3" });
    const worker = await startWorker({ ...services, db }, { taskDirectory: FIXTURE_TASKS, crontab: "# no entries", restartDelayMs: 100 });
    const failureRecorded = async (jobId: string, error: string) => (await db.sql`select 1 from graphile_worker.jobs where id = ${jobId} and last_error = ${error} and locked_by is null`).length === 1;
    try {
      const [earlierId, lastId] = [
        await addJob(db.sql, "finish_when_told", { label: "earlier", after: "go" }),
        await addJob(db.sql, "finish_when_told", { label: "last", after: "go-last", fail: false }),
      ];
      await waitFor(async () => (await eventCount("earlier:started")) + (await eventCount("last:started")) === 2, { timeoutMs: 10_000, what: "both jobs to start" });
      // Its failure cannot be recorded: graphile-worker ends the runner, with the other two jobs still running. The earlier one then fails, the last one succeeds.
      await addJob(db.sql, "finish_when_told", { label: "unrecordable" });
      await waitFor(() => runnerDown(worker.workerId), { timeoutMs: 10_000, intervalMs: 50, what: "the runner to end on its own" });
      await dropTrigger();

      await db.sql`insert into test_events (label) values ('go')`;
      await waitFor(() => failureRecorded(earlierId, "earlier"), { timeoutMs: 10_000, what: "the earlier job's failure to be recorded" });
      await db.sql`insert into test_events (label) values ('go-last')`;
      await waitFor(async () => (await db.sql`select 1 from graphile_worker.jobs where id = ${lastId}`).length === 0, { timeoutMs: 10_000, what: "the last job's success to be recorded" });
      await waitFor(async () => !(await runnerDown(worker.workerId)), { timeoutMs: 20_000, intervalMs: 50, what: "a new runner, well before the 45 s shutdown timeout" });
    } finally {
      await dropTrigger();
      await db.sql`drop function if exists refuse_unrecordable()`;
      await worker.stop();
    }
  }, 90_000);

  test("stop() after the runner ended does not throw, and removes the heartbeat", async () => {
    const services = testServices(db);
    // No restart within the test: stop() meets a worker whose runner is gone.
    const worker = await startWorker({ ...services, db }, { taskDirectory: FIXTURE_TASKS, crontab: "# no entries", restartDelayMs: 600_000 });
    try {
      const jobId = await restartUnderRunningJob("stopped-dead");
      await waitFor(() => runnerDown(worker.workerId), { timeoutMs: 10_000, intervalMs: 50, what: "the heartbeat to record the runner's end" });
      await worker.stop();
      expect(await db.sql`select 1 from worker_heartbeats where worker_id = ${worker.workerId}`).toHaveLength(0);
      // What the ended runner held is free for the next worker.
      const [job] = await db.sql`select locked_by from graphile_worker.jobs where id = ${jobId}`;
      expect(job?.locked_by ?? null).toBeNull();
    } finally {
      await worker.stop();
    }
  });
});
