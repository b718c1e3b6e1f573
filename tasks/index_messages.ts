/**
 * Fills the blind search index of one user's messages that have none (a
 * large initial sync's, and rows from before the index existed). Ids only in the payload; the data key
 * comes from the key hierarchy like sync's. Works in batches and stops
 * after a bounded number, queueing itself again (src/search/index-messages.ts).
 */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { indexUnindexedMessages } from "../src/search/index-messages.ts";

const Payload = v.object({ userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      index_messages: v.InferInput<typeof Payload>;
    }
  }
}

const MESSAGES = {
  waits_for_sign_in: "search index waits for sign-in",
  complete: "search index complete",
  continues: "search index continues in a new job",
} as const;

export default defineTask(Payload, async ({ userId }, job) => {
  const { state, indexed } = await indexUnindexedMessages(job, userId);
  job.log.info(MESSAGES[state], state === "waits_for_sign_in" ? { userId } : { userId, indexed });
});
