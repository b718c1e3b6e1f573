/**
 * A new message's embedding from the user's provider (src/analysis/embed-message.ts),
 * in the "embed" queue. Ids only in the payload; the owner comes from the message row.
 */
import * as v from "valibot";
import { EMBED_MAX_ATTEMPTS, embedMessage } from "../src/analysis/embed-message.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({ messageId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      embed_message: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ messageId }, job) => {
  const outcome = await embedMessage(job, messageId, { lastAttempt: job.attempt >= EMBED_MAX_ATTEMPTS });
  // The outcome is a code (embedded, already, skipped:<reason>); never mail text.
  job.log.info("message embedding", { messageId, outcome });
});
