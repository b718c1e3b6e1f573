/** Sends one queued message (src/mail/send/deliver.ts); the payload is the row's id only. */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { deliverQueuedSend } from "../src/mail/send/deliver.ts";

const Payload = v.object({ sendId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      send_message: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ sendId }, job) => {
  const outcome = await deliverQueuedSend(job, sendId, `job:${job.jobId}`);
  job.log.info("send finished", { sendId, outcome });
});
