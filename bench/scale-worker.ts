/**
 * One worker process of `bench:scale`: what `bun src/main.ts worker` runs
 * (startWorker: graphile-worker with the task list, the runner supervisor,
 * the heartbeat), without the IDLE watchers and the crontab, which would
 * queue syncs of their own while the bench times the ones it queued.
 *
 * The task directory (BENCH_TASK_DIR) is the bench's: every task of
 * `tasks/` re-exported, plus `bench_scale_mark` (bench/scale-tasks/).
 * Prints "ready" once the runner takes jobs; SIGTERM stops it the way
 * src/main.ts does (running jobs finish, then the pools close).
 *
 * Environment: DATABASE_URL, DATA_DIR (for the master key), BENCH_TASK_DIR,
 * WORKER_CONCURRENCY and the other settings of src/config.ts; PGAPPNAME
 * names graphile-worker's connections in pg_stat_activity.
 */
import { loadConfig } from "../src/config.ts";
import { openCommandContext } from "../src/cli/context.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { log, setLogLevel } from "../src/log.ts";
import { closeParsePool } from "../src/mail/parse/parse-message.ts";

const config = loadConfig();
setLogLevel(config.LOG_LEVEL);
const { db, keyring } = await openCommandContext(config, log);
const worker = await startWorker({ db, config, log, keyring }, { taskDirectory: process.env.BENCH_TASK_DIR, crontab: "# none" });
console.log(`ready ${worker.workerId}`);

let stopping = false;
process.on("SIGTERM", async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await closeParsePool();
  await db.close();
  process.exit(0);
});
