/**
 * Adds jobs with plain SQL (`graphile_worker.add_job`), so a job can be
 * committed in the same transaction as the rows it is about, and the web
 * process needs no worker connection pool of its own.
 */
import type { Queryable } from "../db/connection.ts";

export type TaskName = keyof GraphileWorker.Tasks & string;

export interface AddJobOptions {
  /** Replaces/deduplicates a pending job with the same key. */
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  /** Jobs in one queue run one at a time, in order. */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
}

/**
 * @example
 *   await sql.begin(async (tx) => {
 *     await tx`insert into ...`;
 *     await addJob(tx, "prune_expired_rows", {}, { jobKey: "prune" });
 *   });
 */
export async function addJob<Name extends TaskName>(
  sql: Queryable,
  task: Name,
  payload: GraphileWorker.Tasks[Name],
  options: AddJobOptions = {},
): Promise<string> {
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
