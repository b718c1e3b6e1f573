/**
 * The LLM pass of one message (queued in the "llm" queue: one at a time),
 * with the user's model or, for a second opinion, the stronger one.
 */
import type * as v from "valibot";
import { analyseWithProvider } from "../src/analysis/analyse-message.ts";
import { defineRunTask, type RunPayload } from "../src/analysis/run-task.ts";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      llm_analyse_message: v.InferInput<typeof RunPayload>;
    }
  }
}

export default defineRunTask(async (ctx, run) => (run.messageId ? await analyseWithProvider(ctx, run.messageId, run.kind === "second_opinion") : "gone"));
