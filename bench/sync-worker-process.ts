/**
 * One initial sync in a process of its own, as a worker runs it: what
 * `bench:sync` measures peak memory on, so the figure is the sync's and not
 * the bench's (which holds a copy of the corpus, a Dovecot and its own
 * connections). Prints one JSON line: messages fetched, seconds, and the
 * kernel's high-water mark of resident memory (VmHWM), which no sampling
 * interval can miss.
 *
 * Environment: DATABASE_URL, DATA_DIR (for the master key), BENCH_USER_ID, BENCH_ACCOUNT_ID.
 */
import { readFileSync } from "node:fs";
import { loadConfig } from "../src/config.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import { openDatabase } from "../src/db/connection.ts";
import { log, setLogLevel } from "../src/log.ts";
import { closeParsePool } from "../src/mail/parse/parse-message.ts";
import { syncAccount } from "../src/mail/sync/sync-account.ts";

setLogLevel("warn");
const config = loadConfig({ ...process.env, LOG_LEVEL: "warn" });
const db = await openDatabase(config, log);
const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
const started = performance.now();
const outcome = await syncAccount(
  { sql: db.sql, config, log, keyring },
  {
    accountId: process.env.BENCH_ACCOUNT_ID!,
    userId: process.env.BENCH_USER_ID!,
    scope: "all",
    holder: "bench-worker-process",
  },
);
const seconds = (performance.now() - started) / 1000;
const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
console.log(JSON.stringify({ outcome, seconds, peakRssBytes: peakKiB * 1024 }));
await closeParsePool();
await db.close();
