/**
 * The one way jobs are queued: plain SQL (`graphile_worker.add_job` for one,
 * `graphile_worker.add_jobs` for a batch), so a job can be committed in the
 * same transaction as the rows it is about, and the web process needs no
 * worker connection pool of its own. Task names and payloads are typed by
 * the `GraphileWorker.Tasks` declarations in `tasks/*.ts`.
 */
import type { Queryable } from "../db/connection.ts";

export type TaskName = keyof GraphileWorker.Tasks & string;

export interface JobOptions {
  /** Replaces/deduplicates a pending job with the same key. */
  jobKey?: string;
  /** Jobs in one queue run one at a time, in order. */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
}

export interface AddJobOptions extends JobOptions {
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
}

/** One job of a batch: a task, its payload and its options. */
export type JobSpec = { [Name in TaskName]: { task: Name; payload: GraphileWorker.Tasks[Name] } & JobOptions }[TaskName];

/**
 * @example
 *   await sql.begin(async (tx) => {
 *     await tx`insert into ...`;
 *     await addJob(tx, "prune_expired_rows", {}, { jobKey: "prune" });
 *   });
 */
export async function addJob<Name extends TaskName>(sql: Queryable, task: Name, payload: GraphileWorker.Tasks[Name], options: AddJobOptions = {}): Promise<string> {
  const [row] = await sql`
    select id from graphile_worker.add_job(
      identifier   => ${task}::text,
      payload      => ${sql.json(payload as never)}::json,
      queue_name   => ${options.queueName ?? null}::text,
      run_at       => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key      => ${options.jobKey ?? null}::text,
      priority     => ${options.priority ?? null}::int,
      job_key_mode => ${options.jobKeyMode ?? "replace"}::text
    )`;
  return String(row!.id);
}

/**
 * Queues a batch in one statement (one round trip however many jobs), with
 * the job key semantics of `addJob`'s "replace" mode, or "preserve_run_at"
 * when asked. The specs travel as one JSON array and become
 * `graphile_worker.job_spec` rows in the database.
 *
 * @example
 *   await addJobs(tx, ids.map((id) => ({ task: "process_message", payload: { messageId: id }, jobKey: `process:${id}` })));
 */
export async function addJobs(sql: Queryable, jobs: readonly JobSpec[], options: { preserveRunAt?: boolean } = {}): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map((job) => ({
    identifier: job.task,
    payload: job.payload,
    queue_name: job.queueName ?? null,
    run_at: job.runAt?.toISOString() ?? null,
    max_attempts: job.maxAttempts ?? null,
    job_key: job.jobKey ?? null,
    priority: job.priority ?? null,
    flags: null,
  }));
  // count(*): one row back instead of every queued job's.
  await sql`
    select count(*) from graphile_worker.add_jobs(
      array(select spec from json_populate_recordset(null::graphile_worker.job_spec, ${sql.json(specs as never)}::json) as spec),
      ${options.preserveRunAt ?? false}::boolean
    )`;
}
