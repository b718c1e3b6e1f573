/**
 * What the jobs dashboard (/admin/jobs) and a user's own jobs page (/jobs)
 * read from graphile-worker's tables, and the actions on failed jobs. The
 * actions use graphile-worker's own admin functions (reschedule_jobs,
 * complete_jobs), which leave a job another worker holds locked alone.
 *
 * graphile-worker deletes a job when it succeeds, so the database cannot say
 * how many succeeded recently or how fast they go; the per-process counters
 * of /metrics (mailhelper_jobs_completed_total) can.
 */
import { readFileSync } from "node:fs";
import { parseCrontab } from "graphile-worker";
import type { Sql } from "../db/connection.ts";
import { HEARTBEAT_STALE_S } from "../jobs/heartbeat.ts";
import { CRONTAB_FILE } from "../jobs/task-list.ts";

/** The number of failed jobs the dashboard lists (oldest error last). */
export const FAILED_JOBS_SHOWN = 200;
/** How much of an error's first line is shown. */
export const ERROR_SHOWN_CHARS = 200;

export interface TaskCounts {
  task: string;
  /** Due and free to run. */
  waiting: number;
  /** Locked by a worker now. */
  running: number;
  /** Attempts used up, or the last attempt failed and it waits for its retry. */
  failed: number;
  /** run_at in the future (retries included). */
  scheduled: number;
}

export async function taskCounts(sql: Sql): Promise<TaskCounts[]> {
  return await sql<TaskCounts[]>`
    select t.identifier as task,
           count(j.id) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now())::int as waiting,
           count(j.id) filter (where j.locked_at is not null)::int as running,
           count(j.id) filter (where j.locked_at is null and (j.attempts >= j.max_attempts or j.last_error is not null))::int as failed,
           count(j.id) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at > now())::int as scheduled
      from graphile_worker._private_tasks t
      left join graphile_worker._private_jobs j on j.task_id = t.id
     group by t.identifier
     order by t.identifier`;
}

export interface FailedJob {
  id: string;
  task: string;
  /** The first line of the last error, cut to ERROR_SHOWN_CHARS. */
  error: string;
  attempts: number;
  maxAttempts: number;
  /** When it runs next; undefined once its attempts are used up. */
  nextRun: Date | undefined;
  createdAt: Date;
  /** Only the payload's ids (see payloadIds). */
  ids: [string, string][];
}

export async function failedJobs(sql: Sql, limit = FAILED_JOBS_SHOWN): Promise<FailedJob[]> {
  const rows = await sql<{ id: string; task: string; lastError: string; attempts: number; maxAttempts: number; runAt: Date; createdAt: Date; payload: unknown }[]>`
    select j.id::text as id, t.identifier as task, j.last_error as "lastError", j.attempts, j.max_attempts as "maxAttempts",
           j.run_at as "runAt", j.created_at as "createdAt", j.payload
      from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where j.locked_at is null and (j.attempts >= j.max_attempts or j.last_error is not null)
     order by j.updated_at desc, j.id desc
     limit ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    task: row.task,
    error: firstLine(row.lastError ?? ""),
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    nextRun: row.attempts >= row.maxAttempts ? undefined : row.runAt,
    createdAt: row.createdAt,
    ids: payloadIds(row.payload),
  }));
}

/** The ids of the failed jobs of one task (for "all failed of this task"). */
export async function failedJobIdsOfTask(sql: Sql, task: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select j.id::text as id
      from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = ${task} and j.locked_at is null and (j.attempts >= j.max_attempts or j.last_error is not null)`;
  return rows.map((row) => row.id);
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]?.trim() ?? "";
  return line.length > ERROR_SHOWN_CHARS ? `${line.slice(0, ERROR_SHOWN_CHARS - 1)}…` : line;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isId = (value: unknown): value is string | number => (typeof value === "string" && UUID.test(value)) || (typeof value === "number" && Number.isInteger(value));

/**
 * The parts of a payload that may be shown: keys ending in Id with a uuid
 * (or integer) value, keys ending in Ids with such values, and any uuid
 * value. Every other value stays out, whatever it holds.
 */
export function payloadIds(payload: unknown): [string, string][] {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return [];
  const shown: [string, string][] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (Array.isArray(value)) {
      const ids = value.filter(isId).map(String);
      if (ids.length && ids.length === value.length && (key.endsWith("Ids") || ids.every((id) => UUID.test(id)))) shown.push([key, ids.join(", ")]);
    } else if (isId(value) && (key.endsWith("Id") || typeof value === "string")) shown.push([key, String(value)]);
  }
  return shown;
}

const asBigints = (ids: string[]) => ids.filter((id) => /^\d{1,18}$/.test(id));

/** Runs the jobs now with their attempts reset; returns how many changed (a locked job is left alone). */
export async function retryJobs(sql: Sql, ids: string[]): Promise<number> {
  const rows = await sql`select id from graphile_worker.reschedule_jobs(${asBigints(ids)}::bigint[], run_at => now(), attempts => 0)`;
  return rows.length;
}

/** Moves the jobs an hour on, with their attempts reset so they get their full tries. */
export async function rescheduleJobs(sql: Sql, ids: string[], delayS = 3600): Promise<number> {
  const rows = await sql`select id from graphile_worker.reschedule_jobs(${asBigints(ids)}::bigint[], run_at => now() + make_interval(secs => ${delayS}), attempts => 0)`;
  return rows.length;
}

/** Deletes the jobs (graphile-worker's complete_jobs): they never run. */
export async function cancelJobs(sql: Sql, ids: string[]): Promise<number> {
  const rows = await sql`select id from graphile_worker.complete_jobs(${asBigints(ids)}::bigint[])`;
  return rows.length;
}

export interface CrontabEntry {
  identifier: string;
  task: string;
  /** The five cron fields as written (UTC). */
  schedule: string;
  lastExecution: Date | undefined;
  nextRun: Date | undefined;
}

/** The crontab's lines with their last execution (graphile-worker's record) and next run. */
export async function crontabEntries(sql: Sql, text = readFileSync(CRONTAB_FILE, "utf8"), now = new Date()): Promise<CrontabEntry[]> {
  const items = parseCrontab(text);
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const known = await sql<{ identifier: string; lastExecution: Date | null }[]>`
    select identifier, last_execution as "lastExecution" from graphile_worker._private_known_crontabs`;
  const last = new Map(known.map((row) => [row.identifier, row.lastExecution ?? undefined]));
  return items.map((item, i) => ({
    identifier: item.identifier,
    task: item.task,
    schedule: (lines[i] ?? "").split(/\s+/).slice(0, 5).join(" "),
    lastExecution: last.get(item.identifier),
    nextRun: nextCronRun(item.match, now),
  }));
}

/** A year of minutes: every valid cron expression matches within it except 30/31 February. */
const MAX_MINUTES_AHEAD = 366 * 24 * 60;

/**
 * The first whole minute after `after` that graphile-worker's matcher
 * accepts, in UTC as graphile-worker reads cron times.
 *
 * @example
 *   nextCronRun(parseCrontab("0 3 * * * task")[0].match, new Date("2026-01-01T05:00:00Z")) // 2026-01-02T03:00Z
 */
export function nextCronRun(match: (digest: { min: number; hour: number; date: number; month: number; dow: number }) => boolean, after: Date): Date | undefined {
  const t = new Date(after);
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < MAX_MINUTES_AHEAD; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (match({ min: t.getUTCMinutes(), hour: t.getUTCHours(), date: t.getUTCDate(), month: t.getUTCMonth() + 1, dow: t.getUTCDay() })) return new Date(t);
  }
  return undefined;
}

export interface WorkerRow {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  beatAgeS: number;
  alive: boolean;
  /** Whether it has a job runner (a live process may have lost it). */
  runnerDown: boolean;
  /** The jobs it has locked now: id and task. */
  locked: { id: string; task: string }[];
}

export async function workerRows(sql: Sql): Promise<WorkerRow[]> {
  const rows = await sql<(Omit<WorkerRow, "alive" | "locked"> & { locked: { id: string; task: string }[] | null })[]>`
    select w.worker_id as "workerId", w.hostname, w.pid, w.started_at as "startedAt",
           greatest(0, extract(epoch from now() - w.seen_at))::float8 as "beatAgeS",
           w.runner_down_since is not null as "runnerDown",
           (select json_agg(json_build_object('id', j.id::text, 'task', t.identifier) order by j.id)
              from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
             where w.job_lock_id is not null and j.locked_by = w.job_lock_id) as locked
      from worker_heartbeats w
     order by w.hostname, w.pid, w.worker_id`;
  return rows.map((row) => ({ ...row, alive: row.beatAgeS <= HEARTBEAT_STALE_S, locked: row.locked ?? [] }));
}

export type JobState = "running" | "failed" | "retrying" | "scheduled" | "waiting";

export interface UserJob {
  id: string;
  task: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  createdAt: Date;
  /** A page of this project about what the job does, if there is one. */
  link: string | undefined;
  /** Where the project records it: a sync's fetched of total messages, a rule run's done of total. */
  progress: { done: number; total: number } | undefined;
}

/**
 * The jobs that are the user's: a payload naming them (userId), or one of
 * their accounts, sends, analysis runs or messages. Errors are not shown
 * here: they are the administrator's to read.
 */
export async function userJobs(sql: Sql, userId: string, limit = 200): Promise<UserJob[]> {
  const rows = await sql<
    {
      id: string;
      task: string;
      attempts: number;
      maxAttempts: number;
      runAt: Date;
      createdAt: Date;
      locked: boolean;
      hasError: boolean;
      accountId: string | null;
      runId: string | null;
      sendId: string | null;
      messageId: string | null;
      importId: string | null;
      progressDone: number | null;
      progressTotal: number | null;
    }[]
  >`
    select j.id::text as id, t.identifier as task, j.attempts, j.max_attempts as "maxAttempts", j.run_at as "runAt", j.created_at as "createdAt",
           j.locked_at is not null as locked, j.last_error is not null as "hasError",
           j.payload->>'accountId' as "accountId", j.payload->>'runId' as "runId", j.payload->>'sendId' as "sendId", j.payload->>'messageId' as "messageId", j.payload->>'importId' as "importId",
           coalesce(rr.done, sp.fetched, mi.processed, ue.done) as "progressDone", coalesce(rr.total, sp.total, mi.total, ue.total) as "progressTotal"
      from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      left join sync_progress sp on t.identifier = 'sync_account' and sp.user_id = ${userId} and sp.account_id::text = j.payload->>'accountId'
      left join rule_runs rr on t.identifier = 'run_rules' and rr.user_id = ${userId} and rr.id::text = j.payload->>'runId'
      left join mail_imports mi on t.identifier = 'import_mail' and mi.user_id = ${userId} and mi.id::text = j.payload->>'importId'
      left join user_exports ue on t.identifier = 'build_export' and ue.user_id = ${userId} and ue.id::text = j.payload->>'exportId'
     where j.payload->>'userId' = ${userId}
        or exists (select 1 from mail_accounts a where a.user_id = ${userId} and a.id::text = j.payload->>'accountId')
        or exists (select 1 from outgoing_messages o where o.user_id = ${userId} and o.id::text = j.payload->>'sendId')
        or exists (select 1 from analysis_runs r where r.user_id = ${userId} and r.id::text = j.payload->>'runId')
        or exists (select 1 from messages m where m.user_id = ${userId} and m.id::text = j.payload->>'messageId')
        or ue.id is not null
     order by j.run_at, j.id
     limit ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    task: row.task,
    state: row.locked ? "running" : row.attempts >= row.maxAttempts ? "failed" : row.hasError ? "retrying" : row.runAt > new Date() ? "scheduled" : "waiting",
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAt: row.runAt,
    createdAt: row.createdAt,
    link:
      row.task === "sync_account" && row.accountId
        ? `/accounts/${row.accountId}`
        : row.task === "run_rules" && row.runId
          ? `/rules/runs/${row.runId}`
          : row.task === "build_export"
            ? "/account/export"
            : row.task === "send_message" && row.sendId
              ? `/compose/sends/${row.sendId}`
              : row.task === "import_mail" && row.importId
                ? `/imports/${row.importId}`
                : row.messageId
                  ? `/messages/${row.messageId}`
                  : undefined,
    progress: row.progressTotal ? { done: row.progressDone ?? 0, total: row.progressTotal } : undefined,
  }));
}
