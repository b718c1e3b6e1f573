/**
 * Daily (see `crontab`): sender patterns unused for SENDER_PATTERN_MAX_IDLE_DAYS
 * are deleted; so are LLM usage counts and finished analysis runs older than a month.
 */
import * as v from "valibot";
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
  const usage = await sql`delete from llm_usage where day < (now() at time zone 'utc')::date - 31 returning 1`;
  const runs = await sql`delete from analysis_runs where finished_at < now() - interval '31 days' returning 1`;
  log.info("pruned analysis leftovers", { patterns, llmUsageDays: usage.length, analysisRuns: runs.length });
});
