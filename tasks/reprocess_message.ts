/** Analyses one message again on the user's request (local analyser; then the LLM pass if configured). Corrections stay. */
import * as v from "valibot";
import { hasEnabledProvider, reanalyseLocally } from "../src/analysis/analyse-message.ts";
import { defineRunTask, type RunPayload } from "../src/analysis/run-task.ts";
import { queueRun } from "../src/analysis/runs.ts";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      reprocess_message: v.InferInput<typeof RunPayload>;
    }
  }
}

export default defineRunTask(async (ctx, run) => {
  if (!run.messageId || !(await reanalyseLocally(ctx, run.messageId))) return "gone";
  if (await hasEnabledProvider(ctx.sql, ctx.userId)) await queueRun(ctx.sql, ctx.userId, run.messageId, "llm");
  return "analysed";
});
