/**
 * A run of the user's rules over a folder or all their mail, started from
 * the API (src/rules/runs.ts): progress after every page, cancel between
 * pages, resumes at its cursor when retried. The owner is re-checked: the
 * run must be the payload user's.
 */
import * as v from "valibot";
import { dataKeyForBackgroundWork } from "../src/auth/data-key-access.ts";
import { defineTask } from "../src/jobs/define-task.ts";
import { executeRuleRun, failRuleRun, RUN_RULES_MAX_ATTEMPTS } from "../src/rules/runs.ts";

const Payload = v.object({ runId: v.pipe(v.string(), v.uuid()), userId: v.pipe(v.string(), v.uuid()) });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      run_rules: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ runId, userId }, job) => {
  try {
    const dataKey = await dataKeyForBackgroundWork(job.sql, job.keyring, job.config, userId);
    const state = await executeRuleRun(job.sql, dataKey, userId, runId);
    job.log.info("rule run ended", { runId, state });
  } catch (error) {
    if (job.attempt >= RUN_RULES_MAX_ATTEMPTS) await failRuleRun(job.sql, userId, runId);
    throw error;
  }
});
