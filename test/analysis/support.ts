/** Runs analysis tasks in-process, as the worker would, and reads results. */
import type { Services } from "../../src/services.ts";
import type { JobContext, TaskDefinition } from "../../src/jobs/define-task.ts";
import llmAnalyseMessage from "../../tasks/llm_analyse_message.ts";
import processMessage from "../../tasks/process_message.ts";
import reprocessMessage from "../../tasks/reprocess_message.ts";
import rescoreRecent from "../../tasks/rescore_recent.ts";
import rescoreSender from "../../tasks/rescore_sender.ts";

function jobContext(services: Services): JobContext {
  return { jobId: "test", attempt: 1, log: services.log, signal: undefined, sql: services.sql, config: services.config, keyring: services.keyring };
}

async function run<T extends TaskDefinition>(services: Services, task: T, payload: unknown): Promise<void> {
  await task.run(payload as never, jobContext(services));
}

/** process_message for each id, like the jobs sync queued. */
export async function processMessages(services: Services, messageIds: string[]): Promise<void> {
  for (const messageId of messageIds) await run(services, processMessage, { messageId });
}

/** Runs every queued analysis run of the user (LLM passes, reprocess, rescore), oldest first, until none is left. */
export async function runQueuedRuns(services: Services, userId: string): Promise<void> {
  for (;;) {
    const [queued] = await services.sql<{ id: string; kind: string }[]>`
      select id, kind from analysis_runs where user_id = ${userId} and state = 'queued' order by created_at, id limit 1`;
    if (!queued) return;
    const task = { rescore: rescoreRecent, rescore_sender: rescoreSender, reprocess: reprocessMessage }[queued.kind] ?? llmAnalyseMessage;
    await run(services, task, { runId: queued.id });
  }
}
