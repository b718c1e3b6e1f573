/** Benchmark task: does nothing but report when it started (for add→start latency). */
import * as v from "valibot";
import { defineTask } from "../../src/jobs/define-task.ts";

const Payload = v.object({ n: v.number() });

declare global {
  namespace GraphileWorker {
    interface Tasks {
      bench_noop: v.InferInput<typeof Payload>;
    }
  }
  /** Set by bench/jobs.ts while it measures latency. */
  var benchJobStarted: ((n: number) => void) | undefined;
}

export default defineTask(Payload, async ({ n }) => {
  globalThis.benchJobStarted?.(n);
});
