/** Every minute (see `crontab`): snoozed messages whose time has come are back in the open list. */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { returnSnoozed } from "../src/mail/actions/snooze.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      return_snoozed: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, log }) => {
  const returned = await returnSnoozed(sql);
  if (returned > 0) log.info("snoozed messages returned", { returned });
});
