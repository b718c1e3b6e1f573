/**
 * Backfills the blind search index of one user's messages that have none
 * (stored before the index existed). Ids only in the payload; the data key
 * comes from the key hierarchy like sync's. Works in batches and stops
 * after a bounded number, queueing itself again, so one large mailbox does
 * not hold a worker for minutes and a shutdown loses at most one batch.
 */
import * as v from "valibot";
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../src/auth/data-key-access.ts";
import { defineTask } from "../src/jobs/define-task.ts";
import { indexNextBatch, requestIndexing } from "../src/search/backfill.ts";

const Payload = v.object({ userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      index_messages: v.InferInput<typeof Payload>;
    }
  }
}

/** Batches per job run before it hands over to the next job. */
const BATCHES_PER_RUN = 25;

export default defineTask(Payload, async ({ userId }, { sql, keyring, config, log, signal }) => {
  let dataKey;
  try {
    dataKey = await dataKeyForBackgroundWork(sql, keyring, config, userId);
  } catch (error) {
    // A strict-mode user who is signed out: the list page asks again after the next sign-in.
    if (error instanceof DataKeyUnavailableError) return log.info("search index waits for sign-in", { userId });
    throw error;
  }
  let indexed = 0;
  for (let batch = 0; batch < BATCHES_PER_RUN && !signal?.aborted; batch++) {
    const done = await indexNextBatch(sql, dataKey, userId);
    indexed += done;
    if (done === 0) return log.info("search index complete", { userId, indexed });
  }
  await requestIndexing(sql, userId);
  log.info("search index continues in a new job", { userId, indexed });
});
