/**
 * The job worker: graphile-worker running the tasks of `tasks/` and the
 * `crontab` file (kept running by the runner supervisor, which starts a new
 * runner when one ends on its own), plus a heartbeat. The IMAP IDLE
 * watchers are started beside it by src/main.ts, which also handles signals
 * and calls `stop()`.
 */
import { randomUUID } from "node:crypto";
import type { Config } from "../config.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { Database } from "../db/connection.ts";
import type { Logger } from "../log.ts";
import { toGraphileLogger } from "./graphile-logger.ts";
import { startHeartbeat, type Heartbeat } from "./heartbeat.ts";
import { startRunnerSupervisor } from "./runner-supervisor.ts";
import { CRONTAB_FILE, loadTaskList } from "./task-list.ts";

export interface Worker {
  /** Names this process in heartbeats, and as the holder of the IMAP leases its IDLE watchers take. */
  workerId: string;
  /** Lets running jobs finish; after SHUTDOWN_TIMEOUT_S they are released back to the queue. Never throws because the runner had already ended. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Overrides the `tasks/` directory (tests). */
  taskDirectory?: string;
  /** Overrides the crontab file's text (tests, benchmarks). */
  crontab?: string;
  /** graphile-worker preset additions, e.g. `{ localQueue: { size: 100 } }`. */
  preset?: GraphileConfig.WorkerOptions;
  /** The first wait before a runner that ended on its own is replaced (tests lengthen it to see the gap). */
  restartDelayMs?: number;
}

export interface WorkerServices {
  db: Database;
  config: Config;
  log: Logger;
  keyring: MasterKeyring;
}

export async function startWorker({ db, config, log, keyring }: WorkerServices, options: WorkerOptions = {}): Promise<Worker> {
  const workerId = `worker-${randomUUID()}`;
  const workerLog = log.child({ workerId });
  const taskList = await loadTaskList({ sql: db.sql, config, log: workerLog, keyring }, options.taskDirectory);
  let heartbeat: Heartbeat | undefined;
  const runner = await startRunnerSupervisor({
    sql: db.sql,
    log: workerLog,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_S * 1000,
    restartDelayMs: options.restartDelayMs,
    onChange: () => heartbeat?.report(),
    runnerOptions: {
      connectionString: db.url,
      concurrency: config.WORKER_CONCURRENCY,
      maxPoolSize: Math.max(10, config.WORKER_CONCURRENCY + 2),
      noHandleSignals: true,
      taskList,
      ...(options.crontab === undefined ? { crontabFile: CRONTAB_FILE } : { crontab: options.crontab }),
      logger: toGraphileLogger(workerLog),
      preset: {
        worker: {
          // Abort signals fire halfway through the shutdown timeout, so tasks can wind down before they are released.
          gracefulShutdownAbortTimeout: (config.SHUTDOWN_TIMEOUT_S * 1000) / 2,
          // Without batching, graphile-worker does not wait for a job's completion to be written before
          // it ends its pool at shutdown: a job finishing during shutdown would stay locked and run again.
          // Batches (even of 0 ms) are flushed before the pool ends.
          completeJobBatchDelay: 0,
          failJobBatchDelay: 0,
          ...options.preset,
        },
      },
    },
  });
  heartbeat = await startHeartbeat(db.sql, workerId, workerLog, () => ({ jobLockId: runner.jobLockId(), runnerDownSince: runner.downSince() }));
  workerLog.info("worker started", { concurrency: config.WORKER_CONCURRENCY, tasks: Object.keys(taskList) });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const timeout = setTimeout(() => {
        workerLog.warn("jobs still running at shutdown timeout; releasing them to the queue");
        runner.forceStop("shutdown timeout");
      }, config.SHUTDOWN_TIMEOUT_S * 1000);
      try {
        await runner.stop();
      } finally {
        clearTimeout(timeout);
        await heartbeat.stop().catch((error) => workerLog.warn("could not remove heartbeat", { error }));
      }
      workerLog.info("worker stopped");
    })());
  return { workerId, stop };
}
