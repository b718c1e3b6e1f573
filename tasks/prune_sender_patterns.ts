/**
 * Daily (see `crontab`): sender patterns unused for SENDER_PATTERN_MAX_IDLE_DAYS
 * are deleted; so are LLM usage counts and finished analysis runs older than a month.
 */
import * as v from "valibot";
import { pruneLlmUsage } from "../src/analysis/llm/budget.ts";
import { pruneFinishedRuns } from "../src/analysis/runs.ts";
import { pruneSenderPatterns } from "../src/analysis/sender-patterns.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({});

declare global {
  namespace GraphileWorker {
    interface Tasks {
      prune_sender_patterns: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async (_payload, { sql, log }) => {
  const patterns = await pruneSenderPatterns(sql);
  const llmUsageDays = await pruneLlmUsage(sql);
  const analysisRuns = await pruneFinishedRuns(sql);
  log.info("pruned analysis leftovers", { patterns, llmUsageDays, analysisRuns });
});
