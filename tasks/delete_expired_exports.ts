/**
 * Periodic maintenance (see `crontab`): export archives past their 24
 * hours are deleted (src/export/store.ts).
 */
import * as v from "valibot";
import { deleteExpiredExports } from "../src/export/store.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      delete_expired_exports: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, config, log }) => {
  const deleted = await deleteExpiredExports(sql, config);
  log.info("deleted expired exports", { deleted });
});
