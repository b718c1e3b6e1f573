/**
 * The frame of every analysis_runs job: the payload names the run only; the
 * run row says whose and which message (so ownership is re-checked from the
 * database, not trusted from the payload), and gets the outcome.
 */
import * as v from "valibot";
import { dataKeyForBackgroundWork } from "../auth/data-key-access.ts";
import { defineTask, type JobContext } from "../jobs/define-task.ts";
import type { AnalysisContext } from "./analyse-message.ts";
import { finishRun, RUN_MAX_ATTEMPTS, startRun, type RunKind } from "./runs.ts";

export const RunPayload = v.object({ runId: v.pipe(v.string(), v.uuid()) });

export function defineRunTask(work: (ctx: AnalysisContext, run: { messageId: string | null; kind: RunKind; senderHash: Buffer | null }, job: JobContext) => Promise<string>) {
  return defineTask(RunPayload, async ({ runId }, job) => {
    const run = await startRun(job.sql, runId);
    if (!run) return; // finished before (a job run twice) or its user or message deleted
    const dataKey = await dataKeyForBackgroundWork(job.sql, job.keyring, job.config, run.userId);
    try {
      const outcome = await work({ sql: job.sql, dataKey, userId: run.userId, signal: job.signal }, run, job);
      await finishRun(job.sql, runId, "done", outcome);
    } catch (error) {
      if (job.attempt >= RUN_MAX_ATTEMPTS) await finishRun(job.sql, runId, "failed", error instanceof Error ? error.name : "error");
      throw error;
    }
  });
}
