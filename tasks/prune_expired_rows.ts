/**
 * Periodic maintenance (see `crontab`): deletes rows whose life is over.
 * Today that is heartbeats of workers gone for a day; later issues add
 * expired sessions and invitations here.
 */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      prune_expired_rows: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, log }) => {
  const heartbeats = await sql`delete from worker_heartbeats where seen_at < now() - interval '1 day'`;
  log.info("pruned expired rows", { heartbeats: heartbeats.count });
});
