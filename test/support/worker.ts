/**
 * A worker with IMAP IDLE watchers beside it, started and stopped the way
 * src/main.ts does for `all` and `worker`: watchers hold leases as the
 * worker, and stop before it.
 *
 * @example
 *   const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# none", idle: { scanMs: 100 } });
 *   await waitFor(() => worker.idle.watching().includes(accountId));
 */
import { startWorker, type Worker, type WorkerOptions, type WorkerServices } from "../../src/jobs/worker.ts";
import { startIdleManager, type IdleManager, type IdleManagerOptions } from "../../src/mail/idle/idle-manager.ts";

export interface WorkerWithIdle extends Worker {
  idle: IdleManager;
}

export async function startWorkerWithIdle(services: WorkerServices, options: WorkerOptions & { idle?: IdleManagerOptions } = {}): Promise<WorkerWithIdle> {
  const { idle: idleOptions, ...workerOptions } = options;
  const worker = await startWorker(services, workerOptions);
  const { db, config, log, keyring } = services;
  const idle = startIdleManager({ sql: db.sql, config, log: log.child({ workerId: worker.workerId }), keyring }, worker.workerId, idleOptions);
  return {
    ...worker,
    idle,
    async stop() {
      await idle.stop();
      await worker.stop();
    },
  };
}
