/**
 * Merges the search index's pending list (migrations/0039) into its tree,
 * in bulk. Queued by sync when it stored new messages, at most every
 * MERGE_SEARCH_INDEX_DELAY_S under one job key, so a long initial sync is
 * merged behind it while it goes on rather than inside its transactions.
 */
import * as v from "valibot";
import { defineTask } from "../src/jobs/define-task.ts";
import { mergeSearchIndex } from "../src/search/merge.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      merge_search_index: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, job) => {
  const merged = await mergeSearchIndex(job.sql);
  job.log.info("search index merged", { pages: merged });
});
