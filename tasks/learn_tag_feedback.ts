/**
 * Tag assignments and removals teach the user's tag suggestions
 * (src/analysis/tag-feedback.ts): those made here (src/tags/assign.ts) and
 * those another mail client made, found by sync (src/tags/server-keywords.ts).
 * In a job, as learning reads each message; ids only in the payload. A
 * strict-mode user who is signed out teaches nothing from these: the tags
 * themselves are kept either way.
 */
import * as v from "valibot";
import { recordTagFeedback } from "../src/analysis/tag-feedback.ts";
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../src/auth/data-key-access.ts";
import { defineTask } from "../src/jobs/define-task.ts";
import { TAG_FEEDBACK_JOB_MESSAGES } from "../src/tags/limits.ts";

const Id = v.pipe(v.string(), v.uuid());
const Payload = v.object({
  userId: Id,
  tagId: Id,
  kind: v.picklist(["assigned", "removed"]),
  messageIds: v.pipe(v.array(Id), v.maxLength(TAG_FEEDBACK_JOB_MESSAGES)),
});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      learn_tag_feedback: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ userId, tagId, kind, messageIds }, job) => {
  let dataKey: Awaited<ReturnType<typeof dataKeyForBackgroundWork>>;
  try {
    dataKey = await dataKeyForBackgroundWork(job.sql, job.keyring, job.config, userId);
  } catch (error) {
    if (error instanceof DataKeyUnavailableError) return job.log.info("tag feedback skipped: the user's key waits for sign-in", { userId });
    throw error;
  }
  for (const messageId of messageIds) {
    if (job.signal?.aborted) throw new Error("worker shutting down");
    await recordTagFeedback(job.sql, dataKey, userId, messageId, tagId, kind);
  }
  job.log.info("tag feedback learned", { userId, messages: messageIds.length });
});
