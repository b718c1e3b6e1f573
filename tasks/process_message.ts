/**
 * The AI pipeline's entry point, one job per new message, added by sync in
 * the same transaction as the message: the local analysis (and, for users
 * with an LLM provider, an LLM pass queued in the "llm" queue). Safe to run
 * twice (src/analysis/process-new-message.ts).
 */
import * as v from "valibot";
import { processNewMessage } from "../src/analysis/process-new-message.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({ messageId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      process_message: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ messageId }, job) => {
  const outcome = await processNewMessage(job, messageId);
  if (outcome !== "gone") job.log.debug("message analysed", { messageId, outcome });
});
