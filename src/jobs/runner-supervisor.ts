/**
 * Keeps one graphile-worker runner going for the life of the worker.
 *
 * graphile-worker ends its runner for good when it cannot record a job's
 * outcome ("Failed to complete/fail jobs": the database went away mid-job)
 * and leaves that job locked by the ended pool for four hours. The process
 * itself lives on, so without this nothing would run jobs again. When the
 * runner ends without `stop()`, the supervisor releases what the ended pool
 * held (`force_unlock_workers`) and starts a new runner, retrying with
 * back-off until the database answers again.
 *
 * States: running (a runner we did not ask to stop) → ending (its pool shuts
 * down on its own) → down (no runner; a restart is scheduled) → running.
 * `stop()` may come in any of them.
 */
import { EventEmitter } from "node:events";
import { run, type Runner, type RunnerOptions, type WorkerEvents, type WorkerPool } from "graphile-worker";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";
import { observeJobEvents } from "../metrics/jobs.ts";

/** The first wait before restarting an ended runner; doubled per failed try. */
export const RUNNER_RESTART_DELAY_MS = 1_000;
/** The longest wait between tries: a database down for long is noticed within this. */
const RUNNER_RESTART_MAX_DELAY_MS = 30_000;

export interface RunnerSupervisorOptions {
  sql: Sql;
  log: Logger;
  /** graphile-worker's options; `events` is added per runner. */
  runnerOptions: Omit<RunnerOptions, "events">;
  /** How long a pool that ends on its own may wait for its running jobs before they are released. */
  shutdownTimeoutMs: number;
  restartDelayMs?: number;
  /** Called when the state that the heartbeat records changes. */
  onChange(): void;
}

export interface RunnerSupervisor {
  /** The pool whose job locks are ours to release (the running one, or an ended one not yet released). */
  jobLockId(): string | undefined;
  /** Since when there has been no runner taking jobs; undefined while one runs. */
  downSince(): Date | undefined;
  /** Releases the running jobs to the queue at once (the shutdown timeout). */
  forceStop(reason: string): void;
  /** Lets running jobs finish and cancels any restart; never throws because the runner already ended. */
  stop(): Promise<void>;
}

interface Current {
  runner: Runner;
  pool: WorkerPool;
  /** Its pool began shutting down without our `stop()`. */
  endingOnItsOwn: boolean;
}

function forcefulShutdown(pool: WorkerPool, reason: string): void {
  if (!pool._forcefulShuttingDown) Promise.resolve(pool.forcefulShutdown(reason)).catch(() => {});
}

/** Starts the first runner (throwing if it cannot, like any start-up failure) and supervises it and its successors. */
export async function startRunnerSupervisor(options: RunnerSupervisorOptions): Promise<RunnerSupervisor> {
  const { sql, log } = options;
  const firstDelay = options.restartDelayMs ?? RUNNER_RESTART_DELAY_MS;
  let current: Current | undefined;
  let lockId: string | undefined;
  /** An ended pool whose locks are not yet released. */
  let unreleased: string | undefined;
  let downSince: Date | undefined;
  let stopping = false;
  let failedTries = 0;
  let retryTimer: Timer | undefined;
  let restarting: Promise<void> | undefined;

  const markDown = () => {
    if (downSince) return;
    downSince = new Date();
    options.onChange();
  };

  const launch = async () => {
    const events: WorkerEvents = new EventEmitter();
    let pool: WorkerPool | undefined;
    events.on("pool:create", ({ workerPool }) => (pool = workerPool));
    observeJobEvents(events);
    const runner = await run({ ...options.runnerOptions, events });
    if (!pool) {
      await runner.stop();
      throw new Error("graphile-worker started a runner without a pool");
    }
    const entry: Current = { runner, pool, endingOnItsOwn: false };
    current = entry;
    lockId = pool.id;
    downSince = undefined;
    options.onChange();

    events.on("pool:gracefulShutdown", ({ message }) => {
      if (stopping) return;
      entry.endingOnItsOwn = true;
      log.error("job runner is ending on its own; a new one will start", { reason: message });
      markDown();
      // Its running jobs may finish (their outcome is then recorded if the database is back); one that hangs is released.
      const timer = setTimeout(() => {
        const running = entry.pool._workers.flatMap((worker) => worker.getActiveJob() ?? []).map((job) => `${job.id} (${job.task_identifier})`);
        log.warn("the ended job runner's jobs are still running; releasing them", { jobs: running });
        forcefulShutdown(entry.pool, "job runner ended; jobs still running");
      }, options.shutdownTimeoutMs);
      runner.promise.finally(() => clearTimeout(timer)).catch(() => {});
    });
    // Settles once the pool has ended and graphile-worker has closed its connections.
    runner.promise
      .catch(() => {})
      .then(() => {
        if (stopping || current !== entry) return;
        current = undefined;
        unreleased = entry.pool.id;
        markDown();
        scheduleRestart(firstDelay);
      });
  };

  const scheduleRestart = (delay: number) => {
    if (stopping) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      restarting = tryRestart().finally(() => (restarting = undefined));
    }, delay);
  };

  const releaseEndedPool = async () => {
    if (!unreleased) return;
    await sql`select graphile_worker.force_unlock_workers(${[unreleased]}::text[])`;
    log.info("released the jobs and queues the ended job runner held", { pool: unreleased });
    unreleased = undefined;
  };

  const tryRestart = async () => {
    if (stopping) return;
    try {
      await releaseEndedPool();
      await launch();
      failedTries = 0;
      log.info("job runner restarted", { pool: lockId });
    } catch (error) {
      failedTries++;
      const delay = Math.min(RUNNER_RESTART_MAX_DELAY_MS, firstDelay * 2 ** failedTries);
      log.warn("job runner could not restart; trying again", { error, inMs: delay });
      scheduleRestart(delay);
    }
  };

  await launch();

  let stopped: Promise<void> | undefined;
  return {
    jobLockId: () => lockId,
    downSince: () => downSince,
    forceStop(reason) {
      if (current) forcefulShutdown(current.pool, reason);
    },
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        clearTimeout(retryTimer);
        await restarting; // a restart under way finishes first, so the runner it starts is stopped below
        const entry = current;
        if (entry) {
          // A runner ending on its own is not asked again (graphile-worker would reject: "Runner is already stopped");
          // neither is one whose end raced with this call.
          if (!entry.endingOnItsOwn) await entry.runner.stop().catch(() => {});
          await entry.runner.promise.catch(() => {});
          // Whatever the pool could not give back itself (the database down while it shut down) is released here;
          // after a clean stop this finds nothing.
          unreleased = entry.pool.id;
        }
        await releaseEndedPool().catch((error) => log.warn("could not release the ended job runner's jobs; the reaper will", { error }));
      })()),
  };
}
