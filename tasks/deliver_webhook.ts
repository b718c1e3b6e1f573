/** One attempt of one webhook delivery (src/webhooks/deliver.ts); the payload is the delivery's id only. */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { deliverWebhook } from "../src/webhooks/deliver.ts";

const Payload = v.object({ deliveryId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      deliver_webhook: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ deliveryId }, job) => {
  await deliverWebhook(job, deliveryId);
});
