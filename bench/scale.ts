/**
 * `bun run bench:scale`: scale-out over worker processes, measured. One
 * PostgreSQL (the embedded one, fsync on) and one Dovecot; for N = 1, 2, 4
 * separate worker processes (bench/scale-worker.ts: the real runner with
 * every task of `tasks/`), in the same run:
 *
 *   a. jobs/s: BENCH_JOBS jobs of `bench_scale_mark` (bench-only: the real
 *      tasks all need mail or users; this one writes one row, keyed by the
 *      job's number) queued at once to idle workers, timed until all are
 *      done; then every job must have run exactly once (its row present,
 *      `runs` = 1) and none may be left in graphile-worker's queue;
 *   b. sync: BENCH_ACCOUNTS users, new in each round (so no round analyses
 *      mail for users who have some already), with one account each, every INBOX
 *      seeded with BENCH_MESSAGES SpamAssassin messages, synced from scratch
 *      (`requestSync`, as the app asks) and analysed (`process_message`),
 *      timed until every server copy is stored and every message analysed.
 *      Each account also gets a second sync job outside its queue (as a
 *      stale duplicate would be), so two workers do try to sync one account
 *      at once: the sync lease must turn one away. A trigger on imap_leases
 *      records any moment two syncs of one account held IMAP connections;
 *      copies are counted against the seeded messages.
 *
 * Beside the figures: the most PostgreSQL connections seen (pg_stat_activity,
 * the bench's own excluded) and where the CPU went (workers, PostgreSQL,
 * Dovecot, other programs on the machine), which shows what saturates first.
 * Figures only; a failed check is printed, and ends the run non-zero.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { createUser } from "../src/auth/users.ts";
import { loadConfig } from "../src/config.ts";
import { loadMasterKeyring } from "../src/crypto/master-key.ts";
import type { SecretKey } from "../src/crypto/secret-key.ts";
import { openDatabase, openPool } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { addJob, addJobs } from "../src/jobs/add-job.ts";
import { TASKS_DIR } from "../src/jobs/task-list.ts";
import { log, setLogLevel } from "../src/log.ts";
import { createMailAccount } from "../src/mail/accounts/store.ts";
import { requestSync } from "../src/mail/sync/request.ts";
import { replaceAllowedTargets } from "../src/net/allowed-targets-store.ts";
import { startDovecot } from "../test/support/dovecot.ts";
import { LOOPBACK_TARGETS } from "../test/support/outbound.ts";
import { seedSpamAssassin, spamAssassinMessages } from "../test/support/spamassassin.ts";
import { describeMachine } from "./machine.ts";

const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);
const JOBS = Number(process.env.BENCH_JOBS ?? 5_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 8);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const WORKER_CONCURRENCY = process.env.WORKER_CONCURRENCY ?? "4";
/** How long the queue may take to go quiet after a phase (follow-up jobs: search index, merges) before the workers stop. */
const DRAIN_TIMEOUT_MS = 120_000;
const POLL_MS = 20;
const SAMPLE_MS = 100;
/** The bench's own connections carry this name and are not counted. */
const BENCH_APP_NAME = "bench-scale";
const GRAPHILE_APP_NAME = "mail-helper-graphile";

setLogLevel("warn");
const dataDir = mkdtempSync(join(tmpdir(), "mh-bench-scale-"));
// A short idle timeout: the connection openDatabase checks with is gone before the first sample.
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warn", DB_POOL_MAX: "4", DB_IDLE_TIMEOUT_S: "1" });
const db = await openDatabase(config, log);
const sql = openPool(db.url, config, { connection: { application_name: BENCH_APP_NAME } });
await migrate(sql, db.url, log);
await replaceAllowedTargets(sql, LOOPBACK_TARGETS, null);
const keyring = loadMasterKeyring({ keyFile: config.masterKeyFile });
const server = await startDovecot();
const [{ version }] = (await sql`select current_setting('server_version') as version`) as unknown as [{ version: string }];
const failures: string[] = [];

/** The task directory the workers load: every task of `tasks/` (re-exported) and the bench's marker task. */
function benchTaskDirectory(): string {
  const dir = join(dataDir, "tasks");
  mkdirSync(dir);
  for (const file of readdirSync(TASKS_DIR).filter((name) => /^[a-z0-9_]+\.ts$/.test(name))) {
    writeFileSync(join(dir, file), `export { default } from ${JSON.stringify(join(TASKS_DIR, file))};\n`);
  }
  const mark = join(import.meta.dir, "scale-tasks", "bench_scale_mark.ts");
  writeFileSync(join(dir, "bench_scale_mark.ts"), `export { default } from ${JSON.stringify(mark)};\n`);
  return dir;
}

async function createBenchTables(): Promise<void> {
  await sql`create table bench_scale_runs (n integer primary key, job_id bigint not null, worker_pid integer not null, runs integer not null default 1)`;
  await sql`create table bench_scale_sync_sessions (account_id uuid not null, holder text not null, at timestamptz not null default clock_timestamp())`;
  await sql`create table bench_scale_sync_overlaps (account_id uuid not null, holder text not null, other_holder text not null, at timestamptz not null default clock_timestamp())`;
  // Every IMAP connection a sync opens takes a lease row first (src/mail/imap/leases.ts); a second sync's row
  // while the first one's lives means two syncs of the account ran at once.
  await sql.unsafe(`
    create function bench_scale_watch_sync() returns trigger language plpgsql as $$
    begin
      if new.purpose = 'sync' then
        insert into bench_scale_sync_sessions (account_id, holder) values (new.account_id, new.holder);
        insert into bench_scale_sync_overlaps (account_id, holder, other_holder)
          select new.account_id, new.holder, l.holder from imap_leases l
          where l.account_id = new.account_id and l.purpose = 'sync' and l.expires_at > now();
      end if;
      return new;
    end $$`);
  await sql`create trigger bench_scale_watch_sync before insert on imap_leases for each row execute function bench_scale_watch_sync()`;
}

// ---------------------------------------------------------------- CPU accounting (Linux /proc, ticks of 10 ms)

function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // ended meanwhile
  }
}

/** CPU of a process tree's root and its live children, plus what its reaped children used (cutime/cstime), in ms. */
function treeCpuMillis(rootPid: number | undefined): number {
  if (!rootPid) return 0;
  const root = statFields(rootPid);
  if (!root) return 0;
  let ticks = Number(root[11]) + Number(root[12]) + Number(root[13]) + Number(root[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === rootPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

/** All CPUs' busy time on the machine and their time idle waiting for the disk, in ms (/proc/stat). */
function machineMillis(): { busy: number; iowait: number } {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: (total - ticks[3]! - ticks[4]!) * 10, iowait: ticks[4]! * 10 };
}

/** /proc/pressure/cpu's "some" total (µs), in ms; 0 where the kernel has no PSI. */
function cpuPressureMillis(): number {
  try {
    return Number(/total=(\d+)/.exec(readFileSync("/proc/pressure/cpu", "utf8"))?.[1] ?? 0) / 1000;
  } catch {
    return 0;
  }
}

const pidFromFile = (path: string) => {
  try {
    return Number(readFileSync(path, "utf8").split("\n")[0]);
  } catch {
    return undefined;
  }
};
const postmasterPid = pidFromFile(join(dataDir, "postgres", "postmaster.pid"));
const dovecotPid = pidFromFile(join(server.dir, "run", "master.pid"));

interface CpuSnapshot {
  at: number;
  workers: number;
  postgres: number;
  dovecot: number;
  bench: number;
  machine: number;
  /** CPUs idle while a disk read or write was outstanding. */
  iowait: number;
  /** Time in which some runnable task waited for a CPU (Linux PSI), in ms. */
  cpuPressure: number;
}

function cpuSnapshot(workers: readonly Subprocess[]): CpuSnapshot {
  return {
    at: performance.now(),
    workers: workers.reduce((sum, child) => sum + treeCpuMillis(child.pid), 0),
    postgres: treeCpuMillis(postmasterPid),
    dovecot: treeCpuMillis(dovecotPid),
    bench: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    machine: machineMillis().busy,
    iowait: machineMillis().iowait,
    cpuPressure: cpuPressureMillis(),
  };
}

/** Cores used on average between two snapshots, per part, and the rest of the machine (other programs). */
function coresUsed(before: CpuSnapshot, after: CpuSnapshot): string {
  const wall = after.at - before.at;
  const cores = (key: keyof CpuSnapshot) => (after[key] - before[key]) / wall;
  const ours = cores("workers") + cores("postgres") + cores("dovecot") + cores("bench");
  const others = Math.max(0, cores("machine") - ours);
  const f = (value: number) => value.toFixed(2);
  return `cores busy: workers ${f(cores("workers"))}, PostgreSQL ${f(cores("postgres"))}, Dovecot ${f(cores("dovecot"))}, bench ${f(cores("bench"))}, other programs ${f(others)} (machine ${f(cores("machine"))} of ${cpus().length}, waiting for the disk ${f(cores("iowait"))}; tasks waiting for a CPU ${Math.round(cores("cpuPressure") * 100)} % of the time)`;
}

/** CPU per unit of work between two snapshots, in ms: what the figures mean on a machine shared with other programs. */
interface CpuCost {
  workers: number;
  postgres: number;
  dovecot: number;
}

function cpuCost(before: CpuSnapshot, after: CpuSnapshot, units: number): CpuCost {
  const per = (key: keyof CpuSnapshot) => (after[key] - before[key]) / units;
  return { workers: per("workers"), postgres: per("postgres"), dovecot: per("dovecot") };
}

// ---------------------------------------------------------------- connections

interface ConnectionPeak {
  total: number;
  app: number;
  graphile: number;
}

/** Samples pg_stat_activity until stopped: the most client connections seen at once, the bench's own left out. */
function sampleConnections(): { stop(): Promise<ConnectionPeak> } {
  const peak: ConnectionPeak = { total: 0, app: 0, graphile: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await sql<{ total: number; app: number; graphile: number }[]>`
        select count(*)::int as total,
               count(*) filter (where application_name = 'mail-helper')::int as app,
               count(*) filter (where application_name = ${GRAPHILE_APP_NAME})::int as graphile
        from pg_stat_activity
        where backend_type = 'client backend' and datname = current_database() and application_name <> ${BENCH_APP_NAME}`;
      peak.total = Math.max(peak.total, row!.total);
      peak.app = Math.max(peak.app, row!.app);
      peak.graphile = Math.max(peak.graphile, row!.graphile);
      await Bun.sleep(SAMPLE_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

// ---------------------------------------------------------------- worker processes

async function startWorkers(count: number, taskDir: string, round: number): Promise<Subprocess[]> {
  const workers = Array.from({ length: count }, (_, index) => {
    const output = Bun.file(join(dataDir, `worker-${round}-${index + 1}.log`));
    return Bun.spawn([process.execPath, join(import.meta.dir, "scale-worker.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        BENCH_TASK_DIR: taskDir,
        WORKER_CONCURRENCY,
        LOG_LEVEL: "error",
        NODE_ENV: "production",
        BUN_JSC_forceRAMSize: process.env.BUN_JSC_forceRAMSize ?? "268435456",
        PGAPPNAME: GRAPHILE_APP_NAME,
      },
      stdout: output,
      stderr: output,
    });
  });
  // Each worker records its heartbeat once its runner takes jobs.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [{ n }] = (await sql`select count(*)::int as n from worker_heartbeats`) as unknown as [{ n: number }];
    if (n === count) return workers;
    const ended = workers.find((child) => child.exitCode !== null);
    if (ended || Date.now() > deadline) {
      await stopWorkers(workers);
      throw new Error(`worker processes did not start (see ${dataDir}/worker-${round}-*.log)`);
    }
    await Bun.sleep(50);
  }
}

/** The kernel's high-water mark of a process's resident memory (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function stopWorkers(workers: readonly Subprocess[]): Promise<void> {
  for (const child of workers) child.kill("SIGTERM");
  await Promise.all(
    workers.map(async (child) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
      await child.exited;
      clearTimeout(timer);
    }),
  );
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(POLL_MS);
  }
}

/** Jobs due or running, not those that failed for good or wait for a retry later. */
async function runnableJobs(): Promise<number> {
  const [{ n }] = (await sql`
    select count(*)::int as n from graphile_worker.jobs
    where attempts < max_attempts and (run_at <= now() or locked_at is not null)`) as unknown as [{ n: number }];
  return n;
}

/** Retries waiting for later (a sync turned away by the lease, backing off) would run in the next round: they go. */
async function dropScheduledRetries(): Promise<void> {
  await sql`
    select graphile_worker.complete_jobs(array(
      select id from graphile_worker.jobs where attempts > 0 and attempts < max_attempts and run_at > now() and locked_at is null))`;
}

// ---------------------------------------------------------------- a. jobs/s

interface JobsResult {
  rate: number;
  duplicates: number;
  lost: number;
  workersThatRan: number;
  seconds: number;
}

async function jobsPhase(): Promise<JobsResult> {
  await sql`truncate bench_scale_runs`;
  await addJobs(
    sql,
    Array.from({ length: JOBS }, (_, index) => ({ task: "bench_scale_mark" as const, payload: { n: index + 1 } })),
  );
  const started = performance.now();
  await waitFor(
    async () => {
      const [{ left }] = (await sql`select count(*)::int as left from graphile_worker.jobs where task_identifier = 'bench_scale_mark'`) as unknown as [{ left: number }];
      return left === 0;
    },
    300_000,
    "the marker jobs",
  );
  const seconds = (performance.now() - started) / 1000;
  const [row] = await sql<{ rows: number; runs: number; pids: number }[]>`
    select count(*)::int as rows, coalesce(sum(runs), 0)::int as runs, count(distinct worker_pid)::int as pids from bench_scale_runs`;
  return { rate: JOBS / seconds, duplicates: row!.runs - row!.rows, lost: JOBS - row!.rows, workersThatRan: row!.pids, seconds };
}

// ---------------------------------------------------------------- b. sync

interface BenchUser {
  id: string;
  dataKey: SecretKey;
}

interface SyncResult {
  rate: number;
  seconds: number;
  /** Until every server copy was stored (analysis still behind). */
  storedSeconds: number;
  drainedSeconds: number;
  seeded: number;
  copies: number;
  messages: number;
  duplicateCopies: number;
  overlaps: number;
  syncSessions: number;
  turnedAway: number;
}

async function syncPhase(users: readonly BenchUser[], round: number): Promise<SyncResult> {
  const corpus = await spamAssassinMessages();
  const accounts: { id: string; userId: string }[] = [];
  for (const [index, user] of users.entries()) {
    const box = server.createMailbox(`scale${round}`);
    // The same slice of the corpus for account `index` in every round, so the rounds store the same messages.
    const slice = Array.from({ length: MESSAGES }, (_, position) => corpus[(index * 487 + position) % corpus.length]!);
    await seedSpamAssassin(server, box.user, "INBOX", slice);
    const account = await createMailAccount(sql, user.dataKey, user.id, {
      label: `scale ${round}`,
      host: box.host,
      port: box.tlsPort,
      security: "tls",
      tlsCa: box.ca,
      username: box.user,
      password: box.password,
    });
    accounts.push({ id: account.id, userId: user.id });
  }
  const ids = accounts.map((account) => account.id);
  const seeded = accounts.length * MESSAGES;
  await sql`truncate bench_scale_sync_sessions, bench_scale_sync_overlaps`;

  const started = performance.now();
  await sql.begin(async (tx) => {
    for (const account of accounts) {
      await requestSync(tx, account, "all");
      // The duplicate: outside the account's queue, one attempt. Whichever of the two starts second finds the lease taken.
      await addJob(tx, "sync_account", { accountId: account.id, userId: account.userId, scope: "all" }, { maxAttempts: 1 });
    }
  });
  let storedSeconds = 0;
  await waitFor(
    async () => {
      const [row] = await sql<{ copies: number; unanalysed: number }[]>`
        select (select count(*)::int from message_copies c join messages m on m.id = c.message_id where m.account_id = any(${ids}::uuid[])) as copies,
               (select count(*)::int from messages where account_id = any(${ids}::uuid[]) and processed_at is null) as unanalysed`;
      if (!storedSeconds && row!.copies >= seeded) storedSeconds = (performance.now() - started) / 1000;
      return row!.copies >= seeded && row!.unanalysed === 0;
    },
    600_000,
    "the accounts to be synced and analysed",
  );
  const seconds = (performance.now() - started) / 1000;
  // The rest of what sync queued (search index, merges, retries of a sync turned away) before the workers stop.
  await waitFor(async () => (await runnableJobs()) === 0, DRAIN_TIMEOUT_MS, "the queue to drain");
  const drainedSeconds = (performance.now() - started) / 1000;
  await dropScheduledRetries();

  const [counts] = await sql<{ copies: number; messages: number; duplicateCopies: number }[]>`
    select (select count(*)::int from message_copies c join messages m on m.id = c.message_id where m.account_id = any(${ids}::uuid[])) as copies,
           (select count(*)::int from messages where account_id = any(${ids}::uuid[])) as messages,
           (select coalesce(sum(n - 1), 0)::int from (
              select count(*) as n from message_copies c join messages m on m.id = c.message_id
              where m.account_id = any(${ids}::uuid[]) group by m.account_id, c.uid having count(*) > 1) d) as "duplicateCopies"`;
  const [watch] = await sql<{ overlaps: number; sessions: number }[]>`
    select (select count(*)::int from bench_scale_sync_overlaps) as overlaps, (select count(*)::int from bench_scale_sync_sessions) as sessions`;
  const [refused] = await sql<{ n: number }[]>`
    select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'sync_account' and j.attempts >= j.max_attempts and j.payload->>'accountId' = any(${ids}::text[])
      and last_error like '%another sync of this account is running%'`;
  return {
    rate: seeded / seconds,
    seconds,
    storedSeconds,
    drainedSeconds,
    seeded,
    copies: counts!.copies,
    messages: counts!.messages,
    duplicateCopies: counts!.duplicateCopies,
    overlaps: watch!.overlaps,
    syncSessions: watch!.sessions,
    turnedAway: refused!.n,
  };
}

// ---------------------------------------------------------------- the run

interface Round {
  workers: number;
  jobs: JobsResult;
  sync: SyncResult;
  connections: ConnectionPeak;
  jobsCpu: CpuCost;
  syncCpu: CpuCost;
}

const fmt = (value: number, width: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits }).padStart(width);

async function createUsers(round: number): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  for (let index = 0; index < ACCOUNTS; index++) {
    const { user, dataKey } = await createUser(sql, keyring, { email: `scale${round}-${index + 1}@example.org`, password: "Bench Fahrrad Wolke Tasse", role: "user" });
    users.push({ id: user.id, dataKey });
  }
  return users;
}

const running: Subprocess[] = [];

async function runRound(workerCount: number, taskDir: string): Promise<Round> {
  const users = await createUsers(workerCount);
  const workers = await startWorkers(workerCount, taskDir, workerCount);
  running.push(...workers);
  const sampler = sampleConnections();
  try {
    const beforeJobs = cpuSnapshot(workers);
    const jobs = await jobsPhase();
    const afterJobs = cpuSnapshot(workers);
    console.log(`  N=${workerCount}  jobs: ${JOBS} in ${jobs.seconds.toFixed(2)} s, run by ${jobs.workersThatRan} of ${workerCount} processes; ${coresUsed(beforeJobs, afterJobs)}`);
    const beforeSync = cpuSnapshot(workers);
    const sync = await syncPhase(users, workerCount);
    const afterSync = cpuSnapshot(workers);
    console.log(
      `        sync: ${sync.seeded} copies stored (${sync.copies}), ${sync.messages} messages, stored at ${sync.storedSeconds.toFixed(2)} s, analysed at ${sync.seconds.toFixed(2)} s, queue drained at ${sync.drainedSeconds.toFixed(2)} s; ` +
        `${sync.syncSessions} sync sessions, ${sync.turnedAway} duplicate syncs turned away by the lease, ${sync.overlaps} overlaps`,
    );
    console.log(`        ${coresUsed(beforeSync, afterSync)}`);
    const connections = await sampler.stop();
    console.log(`        peak RSS per worker process: ${workers.map((child) => `${Math.round(peakRssMb(child.pid))} MB`).join(", ")}`);
    if (jobs.duplicates || jobs.lost) failures.push(`N=${workerCount}: ${jobs.duplicates} jobs ran twice, ${jobs.lost} never ran`);
    if (sync.copies !== sync.seeded || sync.duplicateCopies) failures.push(`N=${workerCount}: ${sync.copies} copies stored for ${sync.seeded} seeded (${sync.duplicateCopies} duplicates)`);
    if (sync.overlaps) failures.push(`N=${workerCount}: ${sync.overlaps} times two syncs of one account ran at once`);
    return { workers: workerCount, jobs, sync, connections, jobsCpu: cpuCost(beforeJobs, afterJobs, JOBS), syncCpu: cpuCost(beforeSync, afterSync, sync.seeded) };
  } finally {
    await sampler.stop();
    await stopWorkers(workers);
    running.length = 0;
  }
}

console.log(`bench:scale on ${describeMachine()}, PostgreSQL ${version} (embedded, fsync on, max_connections 300), Dovecot on loopback (TLS)`);
console.log(
  `load average before the run: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")} (other programs on this machine share its ${cpus().length} cores)`,
);
console.log(
  `per round: ${JOBS.toLocaleString("en")} marker jobs; ${ACCOUNTS} users × 1 account × ${MESSAGES} SpamAssassin messages synced from scratch; WORKER_CONCURRENCY=${WORKER_CONCURRENCY}, DB_POOL_MAX=${process.env.DB_POOL_MAX ?? 10} per process`,
);
// Interrupted: the worker processes and the embedded PostgreSQL (detached) would outlive the bench.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    console.log(`${signal}: stopping the worker processes and PostgreSQL`);
    await stopWorkers(running).catch(() => {});
    await server.stop().catch(() => {});
    await db.close().catch(() => {});
    process.exit(130);
  });
}

try {
  await createBenchTables();
  const taskDir = benchTaskDirectory();
  const rounds: Round[] = [];
  for (const count of WORKER_COUNTS) rounds.push(await runRound(count, taskDir));

  const base = rounds[0]!;
  console.log("");
  console.log(" N | jobs/s | ratio | sync msg/s | ratio | duplicate jobs | duplicate messages | PostgreSQL connections (app + graphile-worker)");
  for (const round of rounds) {
    console.log(
      `${String(round.workers).padStart(2)} | ${fmt(round.jobs.rate, 6)} | ${fmt(round.jobs.rate / base.jobs.rate, 5, 2)} | ${fmt(round.sync.rate, 10)} | ${fmt(round.sync.rate / base.sync.rate, 5, 2)} | ${fmt(round.jobs.duplicates, 14)} | ${fmt(round.sync.duplicateCopies + Math.max(0, round.sync.copies - round.sync.seeded), 18)} | ${fmt(round.connections.total, 4)} (${round.connections.app} + ${round.connections.graphile})`,
    );
  }
  console.log("");
  console.log(" N | CPU ms per job: workers + PostgreSQL | CPU ms per message: workers + PostgreSQL + Dovecot");
  for (const round of rounds) {
    const { jobsCpu: j, syncCpu: m } = round;
    console.log(
      `${String(round.workers).padStart(2)} | ${fmt(j.workers, 8, 2)} + ${fmt(j.postgres, 5, 2)} = ${fmt(j.workers + j.postgres, 5, 2)}        | ${fmt(m.workers, 8, 1)} + ${fmt(m.postgres, 5, 1)} + ${fmt(m.dovecot, 4, 1)} = ${fmt(m.workers + m.postgres + m.dovecot, 5, 1)}`,
    );
  }
  const last = rounds.at(-1)!;
  const cores = cpus().length;
  const perJob = last.jobsCpu.workers + last.jobsCpu.postgres;
  const perMessage = last.syncCpu.workers + last.syncCpu.postgres + last.syncCpu.dovecot;
  console.log(
    `with ${cores} cores to itself this setup would top out near ${fmt((cores * 1000) / perJob, 0)} jobs/s and ${fmt((cores * 1000) / perMessage, 0)} msg/s (cores ÷ CPU per unit at N=${last.workers}); ` +
      `PostgreSQL's share is ${Math.round((100 * last.jobsCpu.postgres) / perJob)} % of a job's CPU and ${Math.round((100 * last.syncCpu.postgres) / perMessage)} % of a message's.`,
  );
  const messageCounts = new Set(rounds.map((round) => round.sync.messages));
  if (messageCounts.size > 1) failures.push(`the rounds stored different numbers of messages for the same mail: ${[...messageCounts].join(", ")}`);
  console.log("sync msg/s: seeded messages / time until every copy was stored and every message analysed (process_message).");
  console.log(`per process at most DB_POOL_MAX (${process.env.DB_POOL_MAX ?? 10}) + graphile-worker's pool (max(10, WORKER_CONCURRENCY + 2), its LISTEN connection included).`);
  console.log(`this machine has ${cpus().length} cores: more processes than cores share them, so the gain is capped here (see "cores busy").`);
  if (failures.length) {
    console.log(`FAILED checks:\n  ${failures.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log("checks: every job ran exactly once, no message stored twice, no account synced by two workers at once.");
  }
} finally {
  await server.stop();
  await sql.end({ timeout: 5 });
  await db.close();
  if (!failures.length && process.exitCode !== 1) rmSync(dataDir, { recursive: true, force: true });
}
