/** Analysis work the owner can follow (`analysis_runs`): queued with its job, finished by it. */
import type { Queryable } from "../db/connection.ts";
import { addJob } from "../jobs/add-job.ts";
import { JOB_PRIORITY } from "../jobs/priority.ts";

export type RunKind = "llm" | "reprocess" | "second_opinion" | "rescore" | "rescore_sender";
export type RunState = "queued" | "running" | "done" | "failed";

export interface AnalysisRun {
  id: string;
  messageId: string | null;
  kind: RunKind;
  state: RunState;
  outcome: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Attempts of a run's job; the last failure marks the run failed (src/analysis/run-task.ts). */
export const RUN_MAX_ATTEMPTS = 5;

/**
 * Records a run and queues its job in the same statement's transaction.
 * LLM work goes to the "llm" queue, which graphile-worker runs one job at a
 * time: a local model server is not swamped and a budget is spent in order.
 */
export async function queueRun(sql: Queryable, userId: string, messageId: string | null, kind: RunKind): Promise<string> {
  const [run] = await sql<{ id: string }[]>`insert into analysis_runs (user_id, message_id, kind) values (${userId}, ${messageId}, ${kind}) returning id`;
  const task = kind === "rescore" ? "rescore_recent" : kind === "rescore_sender" ? "rescore_sender" : kind === "reprocess" ? "reprocess_message" : "llm_analyse_message";
  const queue = kind === "llm" || kind === "second_opinion" ? "llm" : undefined;
  // "llm" runs are queued for every recent new message; the others because the user asked.
  const priority = kind === "llm" ? JOB_PRIORITY.bulk : JOB_PRIORITY.requestedAnalysis;
  await addJob(sql, task, { runId: run!.id }, { queueName: queue, maxAttempts: RUN_MAX_ATTEMPTS, priority });
  return run!.id;
}

/**
 * A run that re-judges one sender's mail with what a correction taught
 * (tasks/rescore_sender.ts); one waiting run per sender is enough, however
 * many corrections come before it starts.
 */
export async function queueSenderRescore(sql: Queryable, userId: string, senderHash: Buffer): Promise<void> {
  const [waiting] = await sql`select 1 from analysis_runs where user_id = ${userId} and kind = 'rescore_sender' and sender_hash = ${senderHash} and state = 'queued'`;
  if (waiting) return;
  const runId = await queueRun(sql, userId, null, "rescore_sender");
  await sql`update analysis_runs set sender_hash = ${senderHash} where id = ${runId}`;
}

export async function startRun(sql: Queryable, runId: string): Promise<{ userId: string; messageId: string | null; kind: RunKind; senderHash: Buffer | null } | null> {
  const [run] = await sql<{ userId: string; messageId: string | null; kind: RunKind; senderHash: Buffer | null }[]>`
    update analysis_runs set state = 'running' where id = ${runId} and state in ('queued', 'running')
    returning user_id as "userId", message_id as "messageId", kind, sender_hash as "senderHash"`;
  return run ?? null;
}

export async function finishRun(sql: Queryable, runId: string, state: "done" | "failed", outcome: string): Promise<void> {
  await sql`update analysis_runs set state = ${state}, outcome = ${outcome}, finished_at = now() where id = ${runId}`;
}

export async function readRun(sql: Queryable, userId: string, runId: string): Promise<AnalysisRun | null> {
  const [run] = await sql<AnalysisRun[]>`
    select id, message_id as "messageId", kind, state, outcome, created_at as "createdAt", finished_at as "finishedAt"
    from analysis_runs where id = ${runId} and user_id = ${userId}`;
  return run ?? null;
}

/** Deletes runs of all users finished more than a month ago; returns how many. */
export async function pruneFinishedRuns(sql: Queryable): Promise<number> {
  const rows = await sql`delete from analysis_runs where finished_at < now() - interval '31 days' returning 1`;
  return rows.length;
}
