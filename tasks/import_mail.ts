/**
 * Imports an uploaded or server-side mbox, Maildir or .eml as an offline
 * mailbox (src/mail/import/run-import.ts). The owner is re-checked: the
 * import must be the payload user's.
 */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { IMPORT_MAIL_MAX_ATTEMPTS } from "../src/mail/import/request.ts";
import { failImport, runImport } from "../src/mail/import/run-import.ts";

const Payload = v.object({ importId: v.pipe(v.string(), v.uuid()), userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      import_mail: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ importId, userId }, job) => {
  try {
    const state = await runImport(job, { importId, userId });
    job.log.info("import finished", { importId, state });
  } catch (error) {
    if (job.attempt >= IMPORT_MAIL_MAX_ATTEMPTS) await failImport(job.sql, userId, importId, (error as Error).name === "DataKeyUnavailableError" ? "key_unavailable" : "unreadable_source");
    throw error;
  }
});
