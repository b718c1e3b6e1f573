/**
 * `bun run bench:idle`: one worker process holding 1,000 accounts in IMAP
 * IDLE through the product's IDLE manager (src/mail/idle/), against a
 * private Dovecot with room for that many connections from one address and
 * the embedded PostgreSQL with its production settings.
 *
 *   - memory per idle account: (RSS with 1,000 in IDLE − RSS with none) /
 *     1,000, after a full GC in the worker, and the JS heap the same way
 *     (goal: at most 1 MB per account). "None" is measured after a warm-up
 *     account went through the whole path (IDLE, sync, parse, analysis), so
 *     what loads once per process is not counted per account;
 *   - CPU at rest: the worker's CPU seconds over 30 s with every account in
 *     IDLE and nothing arriving, as % of one core (PostgreSQL's beside it);
 *   - APPEND → stored and analysed: 200 messages appended by another client
 *     to 200 random accounts, one every 200 ms; from the start of each APPEND
 *     to the message's row (`created_at`) and its analysis (`processed_at`),
 *     p50 / p99 / max (goal: p99 under 5 s);
 *   - reconnect after a Dovecot restart (SIGTERM, start again): how long
 *     until every account is back in IDLE (goal: within 2 minutes), the
 *     spread of the reconnects (p10 / p50 / p90, and connections per second
 *     in 2-second steps: no thundering herd), and that mail delivered while
 *     the server was down is picked up.
 *
 * Figures only; nothing is asserted. BENCH_IDLE_ACCOUNTS and
 * BENCH_IDLE_APPENDS make a smaller run; BENCH_IDLE_TIMEOUT_S (480) is how
 * long a phase may take on a crowded machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { ImapFlow } from "imapflow";
import { createUser } from "../src/auth/users.ts";
import { loadConfig } from "../src/config.ts";
import { generateDataKey, wrapWithMaster } from "../src/crypto/data-key.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { log, setLogLevel } from "../src/log.ts";
import { createMailAccount } from "../src/mail/accounts/store.ts";
import { IDLE_CONNECT_CONCURRENCY } from "../src/mail/idle/idle-manager.ts";
import { DEFAULT_IDLE_TIMING } from "../src/mail/idle/idle-watcher.ts";
import { replaceAllowedTargets } from "../src/net/allowed-targets-store.ts";
import { imapFlowOptions, makeMessage, startDovecot, type TestMailbox } from "../test/support/dovecot.ts";
import { LOOPBACK_TARGETS } from "../test/support/outbound.ts";
import { describeMachine, percentile, processCpuMillis } from "./machine.ts";

const ACCOUNTS = Number(process.env.BENCH_IDLE_ACCOUNTS ?? 1_000);
const APPENDS = Math.min(ACCOUNTS, Number(process.env.BENCH_IDLE_APPENDS ?? 200));
const APPEND_EVERY_MS = 200;
const REST_SECONDS = 30;
const DOWN_DELIVERIES = Math.min(ACCOUNTS, 20);
/** The worker looks for accounts to watch this often (production: 30 s). */
const SCAN_MS = 1_000;
/** Generous: on a machine shared with other work, connecting 1,000 accounts and their catch-up syncs take minutes. */
const ALL_IN_IDLE_TIMEOUT_MS = Number(process.env.BENCH_IDLE_TIMEOUT_S ?? 480) * 1000;

setLogLevel("warn");
const dataDir = mkdtempSync(join(tmpdir(), "mh-bench-idle-"));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const db = await openDatabase(config, log);
await migrate(db.sql, db.url, log);
await replaceAllowedTargets(db.sql, LOOPBACK_TARGETS, null);
const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
const server = await startDovecot({ maxConnections: ACCOUNTS + 100 });
const [{ version }] = (await db.sql`select current_setting('server_version') as version`) as unknown as [{ version: string }];
const sql = db.sql;

/** CPU time of this run's PostgreSQL (its postmaster and the backends below it), in ms; other PostgreSQL servers on a shared machine are left out. */
const [{ backend }] = (await sql`select pg_backend_pid() as backend`) as unknown as [{ backend: number }];
const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
};
const postmasterPid = parentOf(backend);
/** CPU of this run's PostgreSQL in ms: the postmaster with its reaped children (cutime, cstime) and the live backends below it. */
function postgresCpuMillis(): number {
  const fields = readFileSync(`/proc/${postmasterPid}/stat`, "utf8").split(") ")[1]!.split(" ");
  let total = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentOf(Number(entry)) === postmasterPid) total += processCpuMillis(Number(entry));
    } catch {
      // ended between listing and reading
    }
  }
  return total;
}

const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface BenchAccount {
  id: string;
  userId: string;
  box: TestMailbox;
}

/**
 * Users made straight in SQL (an argon2id hash each would take minutes): one real user is the template for
 * the password columns, and each copy gets a data key of its own wrapped by the master key, which is all
 * background work reads. Accounts go through createMailAccount (encrypted credentials), disabled for now.
 */
async function createAccounts(count: number, prefix: string): Promise<BenchAccount[]> {
  const template = await createUser(sql, keyring, { email: `${prefix}-template@example.org`, password: "Bench Fahrrad Wolke Tasse", role: "user" });
  const [columns] = await sql`select password_hash, dek_password_wrapped, dek_kdf_salt, dek_kdf_params from users where id = ${template.user.id}`;
  const accounts: BenchAccount[] = [];
  for (let n = 0; n < count; n++) {
    const userId = crypto.randomUUID();
    const dataKey = generateDataKey();
    const wrap = wrapWithMaster(dataKey, keyring, userId);
    await sql`
      insert into users (id, email, display_name, role, password_hash, key_mode, dek_password_wrapped, dek_kdf_salt, dek_kdf_params, dek_master_wrapped, dek_master_key_id)
      values (${userId}, ${`${prefix}-${n}@example.org`}, '', 'user', ${columns!.password_hash}, 'background', ${columns!.dek_password_wrapped},
              ${columns!.dek_kdf_salt}, ${columns!.dek_kdf_params}, ${wrap.wrapped}, ${wrap.keyId})`;
    const box = server.createMailbox(prefix);
    const account = await createMailAccount(sql, dataKey, userId, {
      label: box.user,
      host: box.host,
      port: box.tlsPort,
      security: "tls",
      tlsCa: box.ca,
      username: box.user,
      password: box.password,
    });
    accounts.push({ id: account.id, userId, box });
  }
  await sql`update mail_accounts set enabled = false where id = any(${accounts.map((account) => account.id)}::uuid[])`;
  return accounts;
}

/** The worker process (bench/idle-worker-process.ts) and what its stdout says: "IDLE started" per account, and stats answers. */
class WorkerProcess {
  readonly idleStarts: { accountId: string; at: number }[] = [];
  readonly lost: { accountId: string; at: number }[] = [];
  /** New-mail notices handled over the IDLE connection, and those left to an INBOX sync job (by reason). */
  readonly fetchedOverIdle: number[] = [];
  readonly leftToSync = new Map<string, number>();
  private statsWaiter: ((stats: { rss: number; heapUsed: number; watching: number }) => void) | undefined;
  private constructor(readonly proc: Subprocess<"pipe", "pipe", "inherit">) {}

  static start(): WorkerProcess {
    const proc = Bun.spawn([process.execPath, join(import.meta.dir, "idle-worker-process.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        LOG_LEVEL: "info",
        NODE_ENV: "production",
        // As `npm run worker` and mail-helper-worker.service run it.
        BUN_JSC_forceRAMSize: "268435456",
        BENCH_IDLE_SCAN_MS: String(SCAN_MS),
      },
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
    });
    const worker = new WorkerProcess(proc);
    void worker.read();
    return worker;
  }

  private async read(): Promise<void> {
    let buffered = "";
    const decoder = new TextDecoder();
    for await (const chunk of this.proc.stdout) {
      buffered += decoder.decode(chunk, { stream: true });
      let end = buffered.indexOf("\n");
      while (end >= 0) {
        this.line(buffered.slice(0, end));
        buffered = buffered.slice(end + 1);
        end = buffered.indexOf("\n");
      }
    }
  }

  private line(text: string): void {
    if (!text.startsWith("{")) return;
    const entry = JSON.parse(text) as { bench?: string; msg?: string; accountId?: string; time?: string; rss: number; heapUsed: number; watching: number; reason?: string };
    if (entry.bench === "stats") {
      this.statsWaiter?.(entry);
      this.statsWaiter = undefined;
    } else if (entry.msg === "IDLE started" && entry.accountId) {
      this.idleStarts.push({ accountId: entry.accountId, at: Date.parse(entry.time!) });
    } else if (entry.msg === "new mail fetched over IDLE") {
      this.fetchedOverIdle.push(Date.parse(entry.time!));
    } else if (entry.msg === "new mail left to an INBOX sync") {
      this.leftToSync.set(entry.reason ?? "?", (this.leftToSync.get(entry.reason ?? "?") ?? 0) + 1);
    } else if ((entry.msg === "IDLE connection lost" || entry.msg === "IDLE connection closed by the server") && entry.accountId) {
      this.lost.push({ accountId: entry.accountId, at: Date.parse(entry.time!) });
    }
  }

  async stats(): Promise<{ rss: number; heapUsed: number; watching: number }> {
    const answer = new Promise<{ rss: number; heapUsed: number; watching: number }>((resolve) => (this.statsWaiter = resolve));
    this.proc.stdin.write("stats\n");
    await this.proc.stdin.flush();
    return await answer;
  }

  cpuMillis(): number {
    return processCpuMillis(this.proc.pid);
  }

  async stop(): Promise<void> {
    this.proc.stdin.write("stop\n");
    await this.proc.stdin.flush();
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 60_000);
    await this.proc.exited;
    clearTimeout(timer);
  }
}

/** Polls `check`; with `progress`, says every 15 s how far it got (a stuck run shows where). */
async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 250, progress?: () => string): Promise<number> {
  const started = performance.now();
  let said = started;
  while (!(await check())) {
    const now = performance.now();
    if (now - started > timeoutMs) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}${progress ? ` (${progress()})` : ""}`);
    if (progress && now - said > 15_000) {
      said = now;
      console.log(`  … ${seconds(now - started)}: ${progress()}`);
    }
    await Bun.sleep(intervalMs);
  }
  return performance.now() - started;
}

const pendingJobs = async () => (await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs where run_at <= now()`)[0]!.n;
const accountIds = (accounts: BenchAccount[]) => accounts.map((account) => account.id);

/** Another client's APPEND over plain IMAP (the bench's cost, not the worker's); returns when the APPEND command started. */
async function append(box: TestMailbox, raw: string): Promise<number> {
  const client = new ImapFlow(imapFlowOptions(box, "plain"));
  await client.connect();
  try {
    const started = Date.now();
    await client.append("INBOX", raw);
    return started;
  } finally {
    await client.logout();
  }
}

function spread(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${label} p50 ${seconds(percentile(sorted, 50))}   p99 ${seconds(percentile(sorted, 99))}   max ${seconds(sorted.at(-1) ?? Number.NaN)}`;
}

console.log(`bench:idle on ${describeMachine()}, load average ${(await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ")}`);
console.log(`PostgreSQL ${version} (embedded, fsync on), Dovecot on loopback (TLS, pinned CA), ${ACCOUNTS} accounts of ${ACCOUNTS} users`);
console.log(
  `IDLE timing: re-issue every ${DEFAULT_IDLE_TIMING.reissueMs / 60_000} min (−10 % jitter), reconnect after ${DEFAULT_IDLE_TIMING.backoffMinMs / 1000} s + up to ${DEFAULT_IDLE_TIMING.reconnectSpreadMs / 1000} s (window doubling per failure), ${IDLE_CONNECT_CONCURRENCY} connection attempts at a time`,
);

let worker: WorkerProcess | undefined;
try {
  const setupStarted = performance.now();
  const [warmUp] = await createAccounts(1, "warmup");
  const accounts = await createAccounts(ACCOUNTS, "idle");
  console.log(`set-up: ${ACCOUNTS + 1} users and accounts in ${seconds(performance.now() - setupStarted)}`);

  // Warm-up: one account through IDLE, sync, parsing and analysis, so code and models load before "none in IDLE".
  server.seedMaildir(warmUp!.box.user, "INBOX", [makeMessage({ from: "warm@example.org", to: "me@example.org", subject: "warm-up", body: "hello" })]);
  await sql`update mail_accounts set enabled = true where id = ${warmUp!.id}`;
  worker = WorkerProcess.start();
  const w = worker;
  await waitUntil("the warm-up message to be analysed", async () => (await sql`select 1 from messages where account_id = ${warmUp!.id} and processed_at is not null`).length > 0, 60_000);
  await append(warmUp!.box, makeMessage({ from: "warm@example.org", to: "me@example.org", subject: "warm-up 2", body: "pushed" }));
  await waitUntil("the pushed warm-up message to be analysed", async () => (await sql`select 1 from messages where account_id = ${warmUp!.id} and processed_at is not null`).length === 2, 30_000);
  await sql`update mail_accounts set enabled = false where id = ${warmUp!.id}`;
  await waitUntil("the warm-up watcher to stop", async () => (await w.stats()).watching === 0, 30_000, 500);
  await waitUntil("the queue to drain", async () => (await pendingJobs()) === 0, 60_000);
  await Bun.sleep(3_000);
  const none = await w.stats();
  const cpuNoneStart = w.cpuMillis();
  await Bun.sleep(10_000);
  const cpuNone = w.cpuMillis() - cpuNoneStart;

  // All accounts at once, as after a worker's start.
  const enabledAt = Date.now();
  await sql`update mail_accounts set enabled = true where id = any(${accountIds(accounts)}::uuid[])`;
  const ids = new Set(accountIds(accounts));
  const startedSince = (since: number) => new Set(w.idleStarts.filter((start) => start.at >= since && ids.has(start.accountId)).map((start) => start.accountId)).size;
  const inIdle = (since: number) => () => `${startedSince(since)} in IDLE, ${w.lost.length} closed or failed, ${w.idleStarts.length} IDLE starts logged`;
  await waitUntil(`all ${ACCOUNTS} accounts in IDLE`, () => startedSince(enabledAt) === ACCOUNTS, ALL_IN_IDLE_TIMEOUT_MS, 250, inIdle(enabledAt));
  const allInIdleMs = Date.now() - enabledAt;
  await waitUntil("the catch-up syncs to finish", async () => (await pendingJobs()) === 0, ALL_IN_IDLE_TIMEOUT_MS);
  const settledMs = Date.now() - enabledAt;
  await Bun.sleep(5_000);
  const full = await w.stats();
  console.log(`all ${ACCOUNTS} in IDLE ${seconds(allInIdleMs)} after they were enabled (scan every ${SCAN_MS / 1000} s); their catch-up syncs done after ${seconds(settledMs)}`);
  console.log(
    `memory: RSS ${mb(none.rss)} with none in IDLE, ${mb(full.rss)} with ${full.watching}; per idle account ${((full.rss - none.rss) / ACCOUNTS / 1024).toFixed(0)} KB   (goal: at most 1 MB)`,
  );
  console.log(`  JS heap used ${mb(none.heapUsed)} → ${mb(full.heapUsed)}: ${((full.heapUsed - none.heapUsed) / ACCOUNTS / 1024).toFixed(0)} KB per account (after a full GC in the worker)`);

  const cpuStart = w.cpuMillis();
  const pgStart = postgresCpuMillis();
  await Bun.sleep(REST_SECONDS * 1000);
  const cpu = w.cpuMillis() - cpuStart;
  const pg = postgresCpuMillis() - pgStart;
  console.log(
    `CPU at rest over ${REST_SECONDS} s with ${ACCOUNTS} in IDLE: worker ${(cpu / 1000).toFixed(2)} s = ${((cpu / (REST_SECONDS * 1000)) * 100).toFixed(1)} % of one core (with none: ${((cpuNone / 10_000) * 100).toFixed(1)} %); this run's PostgreSQL ${((pg / (REST_SECONDS * 1000)) * 100).toFixed(1)} %`,
  );

  // APPEND → stored and analysed, to distinct random accounts, spread over time.
  const targets = [...accounts].sort(() => Math.random() - 0.5).slice(0, APPENDS);
  const fetchedBefore = w.fetchedOverIdle.length;
  const leftBefore = new Map(w.leftToSync);
  const appended = new Map<string, number>();
  const appends: Promise<void>[] = [];
  for (const [n, target] of targets.entries()) {
    appends.push(
      append(target.box, makeMessage({ from: `sender${n}@example.org`, to: "me@example.org", subject: `pushed ${n}`, body: `message ${n}` })).then((at) => {
        appended.set(target.id, at);
      }),
    );
    await Bun.sleep(APPEND_EVERY_MS);
  }
  await Promise.all(appends);
  const targetIds = targets.map((target) => target.id);
  await waitUntil(
    "the appended messages to be analysed",
    async () => (await sql<{ n: number }[]>`select count(*)::int as n from messages where account_id = any(${targetIds}::uuid[]) and processed_at is not null`)[0]!.n === APPENDS,
    180_000,
    250,
    () => `${w.idleStarts.length} IDLE starts logged`,
  );
  const rows = await sql<{ accountId: string; createdAt: Date; processedAt: Date }[]>`
    select account_id as "accountId", created_at as "createdAt", processed_at as "processedAt" from messages where account_id = any(${targetIds}::uuid[])`;
  console.log(`APPEND → stored and analysed, ${APPENDS} messages to ${APPENDS} random accounts, one every ${APPEND_EVERY_MS} ms:`);
  console.log(
    `  ${spread(
      "stored:  ",
      rows.map((row) => row.createdAt.getTime() - appended.get(row.accountId)!),
    )}`,
  );
  console.log(
    `  ${spread(
      "analysed:",
      rows.map((row) => row.processedAt.getTime() - appended.get(row.accountId)!),
    )}   (goal: p99 under 5 s)`,
  );
  console.log(
    `  ${spread(
      "stored → analysed:",
      rows.map((row) => row.processedAt.getTime() - row.createdAt.getTime()),
    )}`,
  );
  const left = [...w.leftToSync].map(([reason, n]) => [reason, n - (leftBefore.get(reason) ?? 0)] as const).filter(([, n]) => n > 0);
  console.log(
    `  new-mail notices: ${w.fetchedOverIdle.length - fetchedBefore} fetched over the IDLE connection, ${left.reduce((sum, [, n]) => sum + n, 0)} left to an INBOX sync job${left.length ? ` (${left.map(([reason, n]) => `${reason} ${n}`).join(", ")})` : ""}`,
  );

  // Restart Dovecot under 1,000 IDLE connections; deliver some mail while it is down.
  await waitUntil("the queue to drain", async () => (await pendingJobs()) === 0, 60_000);
  const lostBefore = w.lost.length;
  const stopAt = Date.now();
  await server.stop("SIGTERM");
  const downTargets = [...accounts].sort(() => Math.random() - 0.5).slice(0, DOWN_DELIVERIES);
  for (const [n, target] of downTargets.entries()) {
    server.seedMaildir(target.box.user, "INBOX", [makeMessage({ from: `down${n}@example.org`, to: "me@example.org", subject: `while down ${n}`, body: "delivered" })]);
  }
  await server.restart("SIGTERM");
  const upAt = Date.now();
  await waitUntil(`all ${ACCOUNTS} accounts back in IDLE`, () => startedSince(upAt) === ACCOUNTS, ALL_IN_IDLE_TIMEOUT_MS, 100, inIdle(upAt));
  const backMs = Date.now() - upAt;
  const firstBack = new Map<string, number>();
  for (const start of w.idleStarts) if (start.at >= upAt && ids.has(start.accountId) && !firstBack.has(start.accountId)) firstBack.set(start.accountId, start.at - upAt);
  const times = [...firstBack.values()].sort((a, b) => a - b);
  const failedAttempts = w.lost.length - lostBefore;
  console.log(`Dovecot restart (SIGTERM, ${seconds(upAt - stopAt)} down): all ${firstBack.size} of ${ACCOUNTS} back in IDLE ${seconds(backMs)} after it was up again   (goal: within 2 minutes)`);
  console.log(
    `  reconnect times after it was up: p10 ${seconds(percentile(times, 10))}  p50 ${seconds(percentile(times, 50))}  p90 ${seconds(percentile(times, 90))}  max ${seconds(times.at(-1)!)}; ${failedAttempts} closed connections and failed attempts logged`,
  );
  const step = times.at(-1)! > 60_000 ? 10_000 : 2_000;
  const buckets = Array.from({ length: Math.ceil((times.at(-1)! + 1) / step) }, (_, index) => times.filter((t) => t >= index * step && t < (index + 1) * step).length);
  console.log(
    `  accounts back per ${step / 1000} s after it was up: ${buckets.join(" ")}  (peak ${(Math.max(...buckets) / (step / 1000)).toFixed(1)} connections/s, ${((ACCOUNTS / (times.at(-1)! - times[0]!)) * 1000).toFixed(1)}/s on average)`,
  );
  const downIds = downTargets.map((target) => target.id);
  const pickedUp = async () => (await sql<{ n: number }[]>`select count(*)::int as n from messages where account_id = any(${downIds}::uuid[]) and processed_at is not null`)[0]!.n;
  await waitUntil("mail delivered while down to be picked up", async () => (await pickedUp()) >= downIds.length, ALL_IN_IDLE_TIMEOUT_MS).then(
    (millis) => console.log(`  ${DOWN_DELIVERIES} messages delivered while Dovecot was down: all stored and analysed ${seconds(backMs + millis)} after it was up`),
    async () => console.log(`  ${DOWN_DELIVERIES} messages delivered while Dovecot was down: only ${await pickedUp()} stored and analysed within ${seconds(backMs + ALL_IN_IDLE_TIMEOUT_MS)}`),
  );
  await waitUntil("the queue to drain", async () => (await pendingJobs()) === 0, ALL_IN_IDLE_TIMEOUT_MS);
  console.log(`  the catch-up syncs of the reconnects were done ${seconds(Date.now() - upAt)} after it was up`);
  const [status] = await sql<{ n: number }[]>`select count(*)::int as n from mail_accounts where id = any(${accountIds(accounts)}::uuid[]) and status = 'auth_failed'`;
  console.log(`  accounts lost: ${ACCOUNTS - firstBack.size} not back, ${status!.n} stopped by a refused sign-in; RSS afterwards ${mb((await w.stats()).rss)}`);
} finally {
  await worker?.stop().catch(() => worker?.proc.kill("SIGKILL"));
  await server.stop("SIGKILL");
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
