/**
 * `bun run bench:jobs`: graphile-worker on this machine, through our worker
 * (src/jobs/worker.ts) against the embedded PostgreSQL with its production
 * settings (fsync on).
 *
 *   - throughput of trivial jobs with default settings and with batching
 *     (local queue), jobs queued before the worker starts;
 *   - add→start latency of single jobs added to an idle worker, p50/p99,
 *     which shows LISTEN/NOTIFY at work (polling would be ~pollInterval).
 *
 * Printed beside the figures of ../shared/notes/targets.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Logger, run } from "graphile-worker";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import { addJob, addJobs } from "../src/jobs/add-job.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { log, setLogLevel } from "../src/log.ts";
import { describeMachine, percentile } from "./machine.ts";

const THROUGHPUT_JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const TASKS = join(import.meta.dir, "tasks");

setLogLevel("warn");
const dataDir = mkdtempSync(join(tmpdir(), "mh-bench-jobs-"));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const db = await openDatabase(config, log);
await migrate(db.sql, db.url, log);
const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
const [{ version }] = (await db.sql`select current_setting('server_version') as version`) as unknown as [{ version: string }];

async function queueJobs(count: number): Promise<void> {
  await addJobs(
    db.sql,
    Array.from({ length: count }, (_, index) => ({ task: "bench_noop" as const, payload: { n: index + 1 } })),
  );
}

async function pendingJobs(): Promise<number> {
  const [row] = await db.sql`select count(*)::int as n from graphile_worker.jobs`;
  return row!.n as number;
}

/** Drains THROUGHPUT_JOBS queued jobs with the worker `start` returns. */
async function throughput(label: string, start: () => Promise<{ stop(): Promise<void> }>): Promise<number> {
  await queueJobs(THROUGHPUT_JOBS);
  const started = performance.now();
  const worker = await start();
  while ((await pendingJobs()) > 0) await Bun.sleep(20);
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  const rate = THROUGHPUT_JOBS / seconds;
  console.log(`  ${label.padEnd(44)} ${Math.round(rate).toLocaleString("en").padStart(8)} jobs/s  (${THROUGHPUT_JOBS} jobs in ${seconds.toFixed(2)} s)`);
  return rate;
}

async function latency(): Promise<{ p50: number; p99: number }> {
  const worker = await startWorker({ db, config, log, keyring }, { taskDirectory: TASKS, crontab: "# none", preset: { pollInterval: 600_000 } });
  await Bun.sleep(300);
  const samples: number[] = [];
  for (let n = 0; n < LATENCY_SAMPLES; n++) {
    const startedJob = new Promise<number>((resolve) => (globalThis.benchJobStarted = () => resolve(performance.now())));
    const added = performance.now();
    await addJob(db.sql, "bench_noop", { n });
    samples.push((await startedJob) - added);
    await Bun.sleep(2);
  }
  globalThis.benchJobStarted = undefined;
  await worker.stop();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

console.log(`bench:jobs on ${describeMachine()}, PostgreSQL ${version} (embedded, fsync on), WORKER_CONCURRENCY=${config.WORKER_CONCURRENCY}`);
console.log("throughput of trivial jobs (queued first, then drained):");
const ours = (preset: GraphileConfig.WorkerOptions) => () => startWorker({ db, config, log, keyring }, { taskDirectory: TASKS, crontab: "# none", preset });
await throughput("baseline: graphile-worker alone, its defaults", async () => {
  // Same run, same database: graphile-worker's run() with nothing of ours around it.
  const runner = await run({ connectionString: db.url, taskList: { bench_noop: async () => {} }, crontab: "# none", noHandleSignals: true, logger: new Logger(() => () => {}) });
  return { stop: () => runner.stop() };
});
await throughput("ours, default settings", ours({}));
await throughput("ours, batched (localQueue.size = 500)", ours({ localQueue: { size: 500 } }));
console.log(`add→start latency, ${LATENCY_SAMPLES} single jobs to an idle worker (LISTEN/NOTIFY; polling every 10 min):`);
const { p50, p99 } = await latency();
console.log(`  p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   (goal: p50 under 10 ms)`);
console.log("baseline (../shared/notes/targets.md, graphile-worker 0.18 on Bun, this kind of machine):");
console.log("  default ~2.4–2.8k jobs/s · localQueue batching ~27k jobs/s · add→start p50 ~2 ms, p99 ~5–7 ms");
console.log("  the system we replace: 318 Celery tasks/s with 4 workers");

await db.close();
rmSync(dataDir, { recursive: true, force: true });
