/** The safety net behind IDLE (crontab, every minute): queues a full sync of every account due for one. */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { accountsDueForFullSync } from "../src/mail/sync/poll.ts";
import { requestSync } from "../src/mail/sync/request.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      sync_all_accounts: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, config, log }) => {
  const due = await accountsDueForFullSync(sql, config);
  for (const account of due) await requestSync(sql, account, "all");
  if (due.length) log.info("queued periodic syncs", { accounts: due.length });
});
