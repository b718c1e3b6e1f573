/** Syncs one mail account (all selected folders, or INBOX only after an IDLE push). */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { syncAccount } from "../src/mail/sync/sync-account.ts";

const Payload = v.object({
  accountId: v.pipe(v.string(), v.uuid()),
  userId: v.pipe(v.string(), v.uuid()),
  scope: v.optional(v.picklist(["all", "inbox"]), "all"),
});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      sync_account: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ accountId, userId, scope }, job) => {
  const outcome = await syncAccount(job, { accountId, userId, scope, holder: `job:${job.jobId}` });
  // Another sync holds the account (or a dead one's lease has not expired yet): retry with back-off rather than drop the request.
  if (outcome.status === "skipped" && outcome.reason === "busy") throw new Error("another sync of this account is running; retrying later");
  job.log.info("sync finished", { accountId, outcome: outcome.status, ...(outcome.status === "skipped" ? { reason: outcome.reason } : {}) });
});
