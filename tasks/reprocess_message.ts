/** Analyses one message again on the user's request (local analyser; then the LLM pass if configured). Corrections stay. */
import type * as v from "valibot";
import { reprocessMessage } from "../src/analysis/analyse-message.ts";
import { defineRunTask, type RunPayload } from "../src/analysis/run-task.ts";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      reprocess_message: v.InferInput<typeof RunPayload>;
    }
  }
}

export default defineRunTask(async (ctx, run) => await reprocessMessage(ctx, run.messageId));
