/**
 * The AI pipeline's entry point, one job per new message, added by sync in
 * the same transaction as the message. Until the analysis lands it records
 * that the message was analysed, so tests can prove each message is
 * analysed exactly once (a reseed or a move must not queue it again).
 *
 * Jobs run at least once: a worker killed after the work but before the job
 * was marked done runs it again elsewhere. So the work is guarded by its
 * own result (here processed_at; later, the stored analysis) and a second
 * run changes nothing.
 */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({ messageId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      process_message: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ messageId }, { sql }) => {
  await sql`update messages set process_count = process_count + 1, processed_at = now() where id = ${messageId} and processed_at is null`;
});
