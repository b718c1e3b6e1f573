/**
 * The jobs dashboard's queries and actions against real PostgreSQL with
 * graphile-worker's schema: failed jobs with their error, retry, reschedule
 * and cancel through graphile-worker's admin functions, the crontab's next
 * runs, the worker rows with what they hold locked, a user's own jobs.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseCrontab } from "graphile-worker";
import { CRONTAB_FILE } from "../../src/jobs/task-list.ts";
import {
  cancelJobs,
  crontabEntries,
  ERROR_SHOWN_CHARS,
  failedJobIdsOfTask,
  failedJobs,
  nextCronRun,
  payloadIds,
  rescheduleJobs,
  retryJobs,
  taskCounts,
  userJobs,
  workerRows,
} from "../../src/ops/jobs-dashboard.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const sql = db.sql;

/** A job of `task` whose attempts are used up with `error` as its last error. */
async function failedJob(task: string, payload: Record<string, unknown>, error: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id::text as id from graphile_worker.add_job(${task}::text, ${sql.json(payload as never)}::json, max_attempts => 3)`;
  await sql`select graphile_worker.permanently_fail_jobs(array[${row!.id}]::bigint[], ${error})`;
  return row!.id;
}

const job = async (id: string) =>
  (
    await sql<{ attempts: number; dueNow: boolean; runAt: Date }[]>`
    select attempts, run_at <= now() as "dueNow", run_at as "runAt" from graphile_worker._private_jobs where id = ${id}::bigint`
  )[0];

const at = (iso: string) => new Date(iso);
const matcher = (line: string) => parseCrontab(`${line} some_task`)[0]!.match;

describe("nextCronRun", () => {
  test("the next whole minute a cron expression matches, in UTC", () => {
    expect(nextCronRun(matcher("0 3 * * *"), at("2026-01-01T05:00:00Z"))).toEqual(at("2026-01-02T03:00:00Z"));
    expect(nextCronRun(matcher("0 3 * * *"), at("2026-01-01T02:59:59Z"))).toEqual(at("2026-01-01T03:00:00Z"));
    expect(nextCronRun(matcher("*/5 * * * *"), at("2026-01-01T12:03:30Z"))).toEqual(at("2026-01-01T12:05:00Z"));
    // At 12:05:00 exactly, 12:05 is now, not next.
    expect(nextCronRun(matcher("*/5 * * * *"), at("2026-01-01T12:05:00Z"))).toEqual(at("2026-01-01T12:10:00Z"));
    // 2026-12-06 is a Sunday; weekday 1 is Monday.
    expect(nextCronRun(matcher("30 9 * * 1"), at("2026-12-06T10:00:00Z"))).toEqual(at("2026-12-07T09:30:00Z"));
    expect(nextCronRun(matcher("0 0 1 3 *"), at("2026-12-06T10:00:00Z"))).toEqual(at("2027-03-01T00:00:00Z"));
  });

  test("a date that never comes has no next run", () => {
    expect(nextCronRun(matcher("0 0 31 2 *"), at("2026-01-01T00:00:00Z"))).toBeUndefined();
  });
});

describe("payloadIds", () => {
  test("only ids are shown, never other values", () => {
    const userId = crypto.randomUUID();
    const other = crypto.randomUUID();
    expect(payloadIds({ userId, label: "Betreff: Gehaltsabrechnung", kind: "assigned", messageIds: [other, userId], password: "hunter2", secret: other, count: 5, note: "x" })).toEqual([
      ["userId", userId],
      ["messageIds", `${other}, ${userId}`],
      ["secret", other],
    ]);
    expect(payloadIds({ accountId: "not-a-uuid", tagIds: ["a", "b"] })).toEqual([]);
    expect(payloadIds(["x"])).toEqual([]);
    expect(payloadIds(null)).toEqual([]);
  });
});

describe("failed jobs", () => {
  test("a failed job is listed with the first line of its error, its attempts and ids only; counted per task", async () => {
    const userId = crypto.randomUUID();
    const id = await failedJob("dash_failing", { userId, subject: "Private subject" }, "Error: <b>boom</b> happened\n    at stack (file.ts:1)");
    const listed = (await failedJobs(sql)).find((row) => row.id === id)!;
    expect(listed).toMatchObject({ task: "dash_failing", error: "Error: <b>boom</b> happened", attempts: 3, maxAttempts: 3, nextRun: undefined, ids: [["userId", userId]] });
    expect(JSON.stringify(listed)).not.toContain("Private subject");
    const counts = (await taskCounts(sql)).find((row) => row.task === "dash_failing")!;
    expect(counts).toEqual({ task: "dash_failing", waiting: 0, running: 0, failed: 1, scheduled: 0 });
    expect(await failedJobIdsOfTask(sql, "dash_failing")).toEqual([id]);
  });

  test("a long error is cut", async () => {
    const id = await failedJob("dash_long", {}, "x".repeat(5000));
    const listed = (await failedJobs(sql)).find((row) => row.id === id)!;
    expect(listed.error.length).toBe(ERROR_SHOWN_CHARS);
    expect(listed.error.endsWith("…")).toBe(true);
  });

  test("retry makes it due now with its attempts reset", async () => {
    const id = await failedJob("dash_retry", {}, "Error: once");
    expect(await retryJobs(sql, [id])).toBe(1);
    expect(await job(id)).toMatchObject({ attempts: 0, dueNow: true });
    const counts = (await taskCounts(sql)).find((row) => row.task === "dash_retry")!;
    expect(counts.waiting).toBe(1);
  });

  test("reschedule moves it an hour on with its attempts reset", async () => {
    const id = await failedJob("dash_later", {}, "Error: later");
    const [{ now }] = (await sql`select now() as now`) as unknown as [{ now: Date }];
    expect(await rescheduleJobs(sql, [id])).toBe(1);
    const row = (await job(id))!;
    expect(row.attempts).toBe(0);
    expect(row.runAt.getTime() - now.getTime()).toBeGreaterThan(3500_000);
    expect((await taskCounts(sql)).find((r) => r.task === "dash_later")!.scheduled).toBe(1);
  });

  test("cancel deletes them, one or several; a job a worker holds is left alone", async () => {
    const a = await failedJob("dash_cancel", {}, "Error: a");
    const b = await failedJob("dash_cancel", {}, "Error: b");
    const held = await failedJob("dash_cancel", {}, "Error: held");
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'someone' where id = ${held}::bigint`;
    expect(await cancelJobs(sql, [a, b, held, "not-a-number"])).toBe(2);
    expect(await job(a)).toBeUndefined();
    expect(await job(b)).toBeUndefined();
    expect(await job(held)).toBeDefined();
  });
});

describe("crontab", () => {
  test("every line of the crontab file with its schedule, last execution and next run", async () => {
    const identifiers = parseCrontab(readFileSync(CRONTAB_FILE, "utf8")).map((item) => item.identifier);
    await sql`insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
              values ('prune_sender_patterns', now(), '2026-12-05T03:17:00Z') on conflict (identifier) do update set last_execution = excluded.last_execution`;
    const now = at("2026-12-06T21:12:30Z");
    const entries = await crontabEntries(sql, undefined, now);
    expect(entries.map((entry) => entry.identifier)).toEqual(identifiers);
    const prune = entries.find((entry) => entry.identifier === "prune_sender_patterns")!;
    expect(prune).toMatchObject({ schedule: "17 3 * * *", lastExecution: at("2026-12-05T03:17:00Z"), nextRun: at("2026-12-07T03:17:00Z") });
    const sync = entries.find((entry) => entry.identifier === "sync_all_accounts")!;
    expect(sync).toMatchObject({ schedule: "* * * * *", task: "sync_all_accounts", nextRun: at("2026-12-06T21:13:00Z") });
    expect(entries.find((entry) => entry.identifier === "prune_expired_rows")!.nextRun).toEqual(at("2026-12-06T21:15:00Z"));
  });
});

describe("workers", () => {
  test("heartbeat rows with their age, alive or silent, and the jobs each holds locked", async () => {
    await sql`insert into worker_heartbeats (worker_id, hostname, pid, job_lock_id) values ('w-live', 'host-a', 4242, 'lock-live')`;
    await sql`insert into worker_heartbeats (worker_id, hostname, pid, job_lock_id, seen_at) values ('w-silent', 'host-b', 99, 'lock-silent', now() - interval '60 seconds')`;
    const [row] = await sql<{ id: string }[]>`select id::text as id from graphile_worker.add_job('dash_running'::text, '{}'::json)`;
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'lock-live' where id = ${row!.id}::bigint`;
    const rows = await workerRows(sql);
    const live = rows.find((r) => r.workerId === "w-live")!;
    expect(live).toMatchObject({ hostname: "host-a", pid: 4242, alive: true, runnerDown: false, locked: [{ id: row!.id, task: "dash_running" }] });
    const silent = rows.find((r) => r.workerId === "w-silent")!;
    expect(silent.alive).toBe(false);
    expect(silent.beatAgeS).toBeGreaterThanOrEqual(59);
    expect(silent.locked).toEqual([]);
    expect((await taskCounts(sql)).find((r) => r.task === "dash_running")!.running).toBe(1);
  });
});

describe("a user's own jobs", () => {
  test("jobs naming the user or their things are theirs; another user's are not", async () => {
    const ann = await createTestUser(services);
    const ben = await createTestUser(services);
    const runId = crypto.randomUUID();
    await sql`insert into rule_runs (id, user_id, kind, state, total, done) values (${runId}, ${ann.user.id}, 'manual', 'running', 10, 4)`;
    const [mine] = await sql<
      { id: string }[]
    >`select id::text as id from graphile_worker.add_job('run_rules'::text, ${sql.json({ runId, userId: ann.user.id })}::json, run_at => now() + interval '1 hour')`;
    const [theirs] = await sql<{ id: string }[]>`select id::text as id from graphile_worker.add_job('run_rules'::text, ${sql.json({ runId: crypto.randomUUID(), userId: ben.user.id })}::json)`;
    const annJobs = await userJobs(sql, ann.user.id);
    expect(annJobs.map((j) => j.id)).toEqual([mine!.id]);
    expect(annJobs[0]).toMatchObject({ task: "run_rules", state: "scheduled", link: `/rules/runs/${runId}`, progress: { done: 4, total: 10 } });
    expect((await userJobs(sql, ben.user.id)).map((j) => j.id)).toEqual([theirs!.id]);
  });
});
