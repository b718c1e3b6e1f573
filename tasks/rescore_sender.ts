/**
 * After a correction (src/analysis/corrections.ts): the sender's mail
 * already in the box is judged again with what the user taught.
 */
import type * as v from "valibot";
import { rescoreSender } from "../src/analysis/rescore-sender.ts";
import { defineRunTask, type RunPayload } from "../src/analysis/run-task.ts";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      rescore_sender: v.InferInput<typeof RunPayload>;
    }
  }
}

export default defineRunTask(async (ctx, run) => (run.senderHash ? `rescored:${await rescoreSender(ctx, run.senderHash)}` : "gone"));
