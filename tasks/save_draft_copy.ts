/** Writes a draft's current revision to the account's Drafts folder on the server (or removes the copy of a deleted draft). */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { saveDraftCopy } from "../src/mail/compose/draft-copy.ts";

const Payload = v.object({ draftId: v.pipe(v.string(), v.uuid()), userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      save_draft_copy: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ draftId, userId }, job) => {
  const outcome = await saveDraftCopy(job, { draftId, userId });
  job.log.info("draft copy", { draftId, outcome });
});
