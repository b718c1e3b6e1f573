/** Carries out one journaled change on the IMAP server (read, flag, keyword, move, trash, delete). */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { applyMessageAction } from "../src/mail/actions/apply.ts";
import { ACTION_MAX_ATTEMPTS } from "../src/mail/actions/request.ts";

const Payload = v.object({ journalId: v.pipe(v.string(), v.uuid()), userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      apply_message_action: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ journalId, userId }, job) => {
  const state = await applyMessageAction(job, { journalId, userId, holder: `job:${job.jobId}`, finalAttempt: job.attempt >= ACTION_MAX_ATTEMPTS });
  job.log.info("message action finished", { journalId, state });
});
