/**
 * Benchmark task of `bench:scale`: records that job `n` ran, in a table the
 * bench creates (bench_scale_runs). A second run of the same job counts up
 * `runs` instead of adding a row, so the bench sees any job done twice.
 */
import * as v from "valibot";
import { defineTask } from "../../src/jobs/define-task.ts";

const Payload = v.object({ n: v.number() });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      bench_scale_mark: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ n }, { sql, jobId }) => {
  await sql`
    insert into bench_scale_runs (n, job_id, worker_pid) values (${n}, ${jobId}, ${process.pid})
    on conflict (n) do update set runs = bench_scale_runs.runs + 1`;
});
