/**
 * Job metrics from graphile-worker's events: every attempt's outcome and run
 * time by task, and the jobs that used their last attempt. Hooked into each
 * runner the supervisor starts (src/jobs/runner-supervisor.ts), so a
 * restarted runner is counted like the first.
 */
import type { Worker, WorkerEvents } from "graphile-worker";
import { jobDuration, jobsCompleted, jobsFailedPermanently } from "./registry.ts";

/**
 * A graphile-worker worker runs one job at a time: its start time is kept
 * per worker object, and a worker that ends mid-job is simply forgotten.
 */
const startedAt = new WeakMap<Worker, number>();

/**
 * @example
 *   const events: WorkerEvents = new EventEmitter();
 *   observeJobEvents(events);
 *   await run({ ...options, events });
 */
export function observeJobEvents(events: WorkerEvents): void {
  events.on("job:start", ({ worker }) => {
    startedAt.set(worker, performance.now());
  });
  events.on("job:complete", ({ worker, job, error }) => {
    const started = startedAt.get(worker);
    startedAt.delete(worker);
    const labels = { task: job.task_identifier, outcome: error ? "failure" : "success" };
    jobsCompleted.inc(labels);
    if (started !== undefined) jobDuration.observe(labels, (performance.now() - started) / 1000);
  });
  events.on("job:failed", ({ job }) => {
    jobsFailedPermanently.inc({ task: job.task_identifier });
  });
}
