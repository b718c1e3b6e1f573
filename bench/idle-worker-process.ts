/**
 * The worker process `bench:idle` measures: what `bun src/main.ts worker`
 * runs (the job worker and the IDLE manager beside it, src/main.ts), with
 * two differences a benchmark needs: no crontab (periodic full syncs would
 * blur "CPU at rest"), and a control line on stdin. Each line "stats" is
 * answered, after a full garbage collection, by one JSON line
 * `{"bench":"stats",...}` on stdout beside the product's own JSON log lines;
 * "stop" stops it as SIGTERM would.
 *
 * Environment: DATABASE_URL, DATA_DIR (for the master key), BENCH_IDLE_SCAN_MS.
 */
import { loadConfig } from "../src/config.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import { openDatabase } from "../src/db/connection.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { log, setLogLevel } from "../src/log.ts";
import { startIdleManager } from "../src/mail/idle/idle-manager.ts";
import { closeParsePool } from "../src/mail/parse/parse-message.ts";

const config = loadConfig({ ...process.env });
setLogLevel(config.LOG_LEVEL);
const db = await openDatabase(config, log);
const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
const worker = await startWorker({ db, config, log, keyring }, { crontab: "# none" });
const idle = startIdleManager({ sql: db.sql, config, log: log.child({ workerId: worker.workerId }), keyring }, worker.workerId, {
  scanMs: Number(process.env.BENCH_IDLE_SCAN_MS ?? 30_000),
});

for await (const line of console) {
  if (line.trim() === "stats") {
    Bun.gc(true);
    const memory = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ bench: "stats", rss: memory.rss, heapUsed: memory.heapUsed, watching: idle.watching().length })}\n`);
  } else if (line.trim() === "stop") {
    break;
  }
}
await idle.stop();
await worker.stop();
await closeParsePool();
await db.close();
process.exit(0);
