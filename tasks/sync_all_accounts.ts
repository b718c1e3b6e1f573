/** The safety net behind IDLE (crontab, every minute): queues a full sync of every account due for one. */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { requestDueSyncs } from "../src/mail/sync/poll.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      sync_all_accounts: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, config, log }) => {
  const accounts = await requestDueSyncs(sql, config);
  if (accounts) log.info("queued periodic syncs", { accounts });
});
