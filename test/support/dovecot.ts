/**
 * A private Dovecot (IMAP) per test run: its own temp dir, config, ports and
 * self-signed certificate. Nothing is mocked; tests talk IMAP to it.
 *
 * @example
 * const server = await dovecot();
 * const box = server.createMailbox();
 * server.seedMaildir(box.user, "INBOX", [makeMessage({ from, to, subject, body })]);
 * const client = new ImapFlow(imapFlowOptions(box));
 */
import type { Subprocess } from "bun";
import {
  accessSync,
  chmodSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  futimesSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImapFlowOptions } from "imapflow";
import { freePorts } from "./ports.ts";
import { makeSelfSignedCertificate } from "./tls.ts";

export { makeMessage } from "./messages.ts";

const DOVECOT = "/usr/sbin/dovecot";
const HOST = "127.0.0.1";
// Mail processes refuse uid 0; a static userdb needs no /etc/passwd entry.
const MAIL_UID = 10000;
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;
const DIR_PREFIX = "mailhelper-dovecot-";

export interface TestMailbox {
  user: string;
  password: string;
  host: string;
  /** Plain IMAP; STARTTLS is offered, plaintext LOGIN is allowed too. */
  port: number;
  /** Implicit TLS (IMAPS). */
  tlsPort: number;
  /** PEM of the self-signed certificate, to pin with `tls: { ca }`. */
  ca: string;
}

/** A message to seed: raw text, or raw plus maildir flag letters (D F R S T) and INTERNALDATE. */
export type SeedMessage = string | Uint8Array | { raw: string | Uint8Array; flags?: string; internalDate?: Date };

export interface Dovecot {
  readonly dir: string;
  readonly logPath: string;
  readonly host: string;
  readonly port: number;
  readonly tlsPort: number;
  readonly ca: string;
  readonly password: string;
  readonly running: boolean;
  /** A fresh, empty mailbox under a new user name: no restart, no file writes. */
  createMailbox(prefix?: string): TestMailbox;
  /** The user's Maildir root (INBOX); other folders are `.<Name>` below it. */
  maildirOf(user: string): string;
  /** Writes messages straight into the user's maildir; see the comment on the function. */
  seedMaildir(user: string, folder: string, messages: SeedMessage[]): void;
  /**
   * SIGTERM (a clean shutdown, ~1 s; SIGKILL after 2 s) or SIGKILL (a crash,
   * ~10 ms). The dir stays, for restart() and for reading the log.
   */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Stop and start again on the same ports and mail dir. */
  restart(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

let shared: Promise<Dovecot> | undefined;

/** The Dovecot shared by every test file in this process, started on first use. */
export function dovecot(): Promise<Dovecot> {
  shared ??= startDovecot();
  return shared;
}

/**
 * `bun test` exits without emitting process "exit" (seen with Bun 1.4.5), and a
 * killed run emits nothing, so each Dovecot gets a guard: a shell reading a pipe
 * from this process. When this process ends in any way the pipe closes and the
 * guard kills Dovecot's master; its children follow within milliseconds.
 */
function guardAgainstOrphan(pid: number): Subprocess {
  const guard = Bun.spawn(["sh", "-c", 'cat >/dev/null; kill -KILL "$0" 2>/dev/null', String(pid)], {
    stdin: "pipe",
    stdout: "ignore",
    stderr: "ignore",
  });
  guard.unref();
  return guard;
}

/**
 * Test dirs outlive their run, so the log of a failed run can be read. The
 * next run removes the dirs whose owning process is gone.
 */
function removeStaleDirs(root: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(root, name);
    // No owner.pid yet: another run is creating it right now.
    const owner = Number(readFileOr(join(dir, "owner.pid"), String(process.pid)));
    if (!isRunning(owner)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function isRunning(pid: number): boolean {
  // A zombie (an exited process nobody reaped yet) counts as gone.
  const stat = readFileOr(`/proc/${pid}/stat`, "");
  return pid > 0 && stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

function readFileOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

export interface DovecotOptions {
  /**
   * Room for this many concurrent connections from one IP (bench:idle holds
   * 1,000 IDLE connections): login and imap process and client limits are
   * raised to match. Unset, the defaults every test uses.
   */
  maxConnections?: number;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) {
    throw new Error(`${DOVECOT} not found: install the Debian package dovecot-imapd (apt-get install dovecot-imapd openssl)`);
  }
  const root = scratchRoot();
  removeStaleDirs(root);
  const dir = mkdtempSync(join(root, DIR_PREFIX));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, "owner.pid"), String(process.pid));
  const mailDir = join(dir, "mail");
  mkdirSync(mailDir);
  chownSync(mailDir, MAIL_UID, MAIL_UID);
  const [port, tlsPort] = await freePorts(2, HOST);
  const password = `pw-${crypto.randomUUID()}`;
  const ca = makeSelfSignedCertificate(dir).pem;
  const logPath = join(dir, "dovecot.log");
  const confPath = join(dir, "dovecot.conf");
  writeFileSync(confPath, dovecotConf({ dir, mailDir, logPath, port: port!, tlsPort: tlsPort!, password, maxConnections: options.maxConnections }));

  const instance: { proc?: Subprocess; guard?: Subprocess } = {};

  const start = async () => {
    instance.proc = Bun.spawn([DOVECOT, "-F", "-c", confPath], { stdin: "ignore", stdout: "ignore", stderr: "pipe" });
    instance.proc.unref();
    instance.guard = guardAgainstOrphan(instance.proc.pid);
    // Config errors go to stderr, everything after start-up to the log.
    const stderr = new Response(instance.proc.stderr as ReadableStream).text();
    const diagnostics = async () => `${await Promise.race([stderr, Bun.sleep(100).then(() => "")])}${logTail(logPath)}`;
    await waitForGreeting(instance.proc, port!, diagnostics);
  };
  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    const proc = instance.proc;
    if (!proc || hasExited(proc)) return;
    // A crash takes the whole server down: the imap processes serving open connections too, not just the master.
    // The master is frozen first: it would otherwise respawn a killed child (anvil, log) that then holds the sockets.
    if (signal === "SIGKILL") proc.kill("SIGSTOP");
    const children = signal === "SIGKILL" ? descendants(proc.pid) : [];
    for (const pid of children) killQuietly(pid);
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
    await proc.exited;
    clearTimeout(timer);
    instance.guard?.kill();
    instance.proc = instance.guard = undefined;
    // Login processes may hold the listening socket a moment longer than the
    // master; a restart before they are gone fails with "Address in use".
    await waitUntil(async () => !(await canConnect(port!)), 2_000);
    // Killed children (anvil, log) must be gone too, or a restart finds their sockets in use.
    await waitUntil(async () => children.every((pid) => !isRunning(pid)), 2_000);
  };
  await start();

  let counter = 0;
  return {
    dir,
    logPath,
    host: HOST,
    port: port!,
    tlsPort: tlsPort!,
    ca,
    password,
    get running() {
      return instance.proc !== undefined && !hasExited(instance.proc);
    },
    createMailbox(prefix = "user") {
      const user = `${prefix}-${++counter}-${crypto.randomUUID().slice(0, 8)}`;
      return { user, password, host: HOST, port: port!, tlsPort: tlsPort!, ca };
    },
    maildirOf: (user) => join(mailDir, localPart(user), "Maildir"),
    seedMaildir: (user, folder, messages) => seedMaildir(mailDir, user, folder, messages),
    stop,
    async restart(signal) {
      await stop(signal);
      await start();
    },
  };
}

/** imapflow options for a test mailbox; STARTTLS is only used when asked for. */
export function imapFlowOptions(box: TestMailbox, security: "plain" | "starttls" | "tls" = "tls"): ImapFlowOptions {
  return {
    host: box.host,
    port: security === "tls" ? box.tlsPort : box.port,
    secure: security === "tls",
    doSTARTTLS: security === "plain" ? false : security === "starttls" ? true : undefined,
    tls: { ca: box.ca },
    auth: { user: box.user, pass: box.password },
    logger: false,
  };
}

function dovecotConf(o: { dir: string; mailDir: string; logPath: string; port: number; tlsPort: number; password: string; maxConnections?: number }): string {
  const manyConnections = manyConnectionsConf(o.maxConnections);
  const specialUse = ["Sent", "Drafts", "Trash", "Junk", "Archive"].map((name) => `  mailbox ${name} {\n    special_use = \\${name}\n    auto = subscribe\n  }`).join("\n");
  // CONDSTORE, QRESYNC, IDLE, UIDPLUS, MOVE and SPECIAL-USE are built into
  // Dovecot 2.3's imap; no mail_plugins are needed.
  return `
instance_name = mailhelper-test-${o.port}
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
log_path = ${o.logPath}
protocols = imap
listen = ${HOST}
ssl = yes
ssl_cert = <${o.dir}/cert.pem
ssl_key = <${o.dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# No delay or penalty after a wrong password, or the next login waits ~4 s.
# A refusal still takes up to 0.5 s: the auth process flushes failures on a timer.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
mail_max_userip_connections = 200
mail_location = maildir:~/Maildir
# Test data does not need to survive a power cut.
mail_fsync = never
passdb {
  driver = static
  args = password=${o.password}
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_UID} home=${o.mailDir}/%n
}
namespace inbox {
  inbox = yes
  separator = /
${specialUse}
}
service imap-login {
  inet_listener imap {
    port = ${o.port}
  }
  inet_listener imaps {
    port = ${o.tlsPort}
    ssl = yes
  }
  # One login process for all connections instead of one per connection.
  service_count = 0
${manyConnections.login}}
service imap {
  process_limit = ${manyConnections.imapProcesses}
}
${manyConnections.global}`;
}

/**
 * Limits for many concurrent connections. Each connection is one imap process
 * (client_limit 1: a slow command must not stall other users) and, with TLS,
 * also a client of the imap-login process that proxies it; anvil, auth and
 * the log service count every login and imap process as a client. Dovecot's
 * defaults (here 500 imap processes, 1,000 clients per service) end near 500.
 *
 * An imap process in IDLE learns of new mail through inotify, one instance
 * per process, and the kernel allows a user 128 of them by default
 * (fs.inotify.max_user_instances, shared by every Dovecot running as that
 * user on the machine). Past that, Dovecot logs "Inotify instance limit …
 * exceeded" and looks every mailbox_idle_check_interval instead, 30 s by
 * default: mail pushed 0–30 s late. The sysctl is the real fix (see the
 * README's IDLE section); here, on a shared machine, the check runs every
 * second.
 */
function manyConnectionsConf(connections: number | undefined): { login: string; imapProcesses: number; global: string } {
  if (!connections) return { login: "", imapProcesses: 500, global: "" };
  const clients = connections + 100;
  return {
    login: `  client_limit = ${clients}\n  # Two login processes share the TLS proxying.\n  process_min_avail = 2\n`,
    imapProcesses: clients,
    global: `default_client_limit = ${clients * 2}\ndefault_process_limit = ${clients}\nmailbox_idle_check_interval = 1 secs\n`,
  };
}

/**
 * tmpfs when there is room: creating 10k maildir files on a busy ext4 took
 * 2-5 s here (journal contention), on /dev/shm ~0.2 s.
 */
function scratchRoot(): string {
  try {
    const fs = statfsSync("/dev/shm");
    accessSync("/dev/shm", constants.W_OK);
    if (fs.bavail * fs.bsize > 1024 ** 3) return "/dev/shm";
  } catch {
    // no /dev/shm, or not writable: fall through
  }
  return tmpdir();
}

async function waitForGreeting(proc: Subprocess, port: number, diagnostics: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited(proc)) {
      throw new Error(`Dovecot exited (${proc.exitCode ?? proc.signalCode}) during start:\n${await diagnostics()}`);
    }
    if ((await readGreeting(port)).startsWith("* OK")) return;
    await Bun.sleep(20);
  }
  proc.kill("SIGKILL");
  throw new Error(`Dovecot did not greet on port ${port} within ${START_TIMEOUT_MS} ms:\n${await diagnostics()}`);
}

/** The first line the server sends, or "" when nothing listens. */
function readGreeting(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    let text = "";
    const done = (line: string) => {
      socket.destroy();
      resolve(line);
    };
    socket.setTimeout(1_000, () => done(""));
    socket.on("error", () => done(""));
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n")) done(text);
    });
  });
}

/** A process may exit between being listed and being killed. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** All processes below `pid`, read from /proc (Dovecot forks login and imap processes). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const stat = readFileOr(`/proc/${entry}/stat`, "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const hasExited = (proc: Subprocess) => proc.exitCode !== null || proc.signalCode !== null;

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check()) && Date.now() < deadline) await Bun.sleep(10);
}

function logTail(logPath: string, lines = 20): string {
  const text = existsSync(logPath) ? readFileSync(logPath, "utf8") : "(no log)";
  return `${text.trimEnd().split("\n").slice(-lines).join("\n")}\n(log: ${logPath})`;
}

/** `%n` in the userdb: the user name without its domain. */
const localPart = (user: string) => user.split("@")[0]!;

let seedCounter = 0;

/**
 * Writes messages as maildir files (`cur/<unique>,S=<size>:2,<flags>`), each
 * into `tmp/` first and renamed, the way a delivery agent does, so a running
 * Dovecot never reads half a file. Synchronous: ~10k files in a fraction of a second.
 *
 * UIDs follow the seeding order: Dovecot sorts unseen files by the number at the
 * start of the name, then by name, before assigning UIDs, so names are a fixed
 * timestamp plus a zero-padded counter. New files are given UIDs at the next
 * SELECT, STATUS or NOOP of the folder, also when the folder was indexed (or is
 * selected) already: Dovecot notices the changed mtime of `cur/`.
 * INTERNALDATE is the file's mtime.
 */
function seedMaildir(mailDir: string, user: string, folder: string, messages: SeedMessage[]): void {
  const home = join(mailDir, localPart(user));
  const root = join(home, "Maildir");
  // Maildir++: folder "A/B" (separator "/") is the directory ".A.B" under the root.
  const isInbox = folder.toUpperCase() === "INBOX";
  const box = isInbox ? root : join(root, `.${folder.split("/").join(".")}`);
  for (const d of [home, root, box, join(box, "tmp"), join(box, "new"), join(box, "cur")]) {
    if (!existsSync(d)) {
      mkdirSync(d, { mode: 0o700 });
      chownSync(d, MAIL_UID, MAIL_UID);
    }
  }
  if (!isInbox && !existsSync(join(box, "maildirfolder"))) {
    writeFileSync(join(box, "maildirfolder"), "");
    chownSync(join(box, "maildirfolder"), MAIL_UID, MAIL_UID);
  }
  const stamp = Math.floor(Date.now() / 1000);
  for (const message of messages) {
    const { raw, flags = "", internalDate } = typeof message === "string" || message instanceof Uint8Array ? { raw: message } : message;
    if (!/^[DFRST]*$/.test(flags)) throw new Error(`maildir flags must be letters of DFRST, got "${flags}"`);
    const bytes = typeof raw === "string" ? Buffer.from(raw) : raw;
    const unique = `${stamp}.M${String(++seedCounter).padStart(10, "0")}P${process.pid}.mailhelper-test,S=${bytes.byteLength}`;
    const tmpPath = join(box, "tmp", unique);
    const fd = openSync(tmpPath, "w", 0o600);
    try {
      writeSync(fd, bytes);
      if (internalDate) futimesSync(fd, internalDate, internalDate);
    } finally {
      closeSync(fd);
    }
    chownSync(tmpPath, MAIL_UID, MAIL_UID);
    // Maildir wants the flag letters in ASCII order.
    renameSync(tmpPath, join(box, "cur", `${unique}:2,${[...flags].sort().join("")}`));
  }
}
