/**
 * The AI pipeline's entry point, one job per new message, added by sync in
 * the same transaction as the message. Until the analysis lands it records
 * that the message was handed over, so tests can prove each message is
 * processed exactly once (a reseed or a move must not queue it again).
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
  await sql`update messages set process_count = process_count + 1, processed_at = now() where id = ${messageId}`;
});
