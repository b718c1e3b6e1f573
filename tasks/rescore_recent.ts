/**
 * After many corrections (RESCORE_AFTER_CORRECTIONS), the user's recent mail
 * is analysed again by the local analyser with what it learned. LLM
 * analyses and corrected fields stay as they are.
 */
import type * as v from "valibot";
import { rescoreRecentMessages } from "../src/analysis/analyse-message.ts";
import { defineRunTask, type RunPayload } from "../src/analysis/run-task.ts";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      rescore_recent: v.InferInput<typeof RunPayload>;
    }
  }
}

export default defineRunTask(async (ctx) => `rescored:${await rescoreRecentMessages(ctx)}`);
