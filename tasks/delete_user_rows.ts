/**
 * Removes the rows of a user whose data key was destroyed (src/auth/delete-user.ts),
 * in batches; retried after a crash, it goes on where it stopped.
 */
import * as v from "valibot";
import { deleteErasedUserRows } from "../src/auth/delete-user.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({ userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      delete_user_rows: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ userId }, { sql, log }) => {
  await deleteErasedUserRows(sql, userId, log);
});
