/**
 * Who the embedded PostgreSQL runs as when we are root: the host's `nobody`,
 * a real unprivileged uid. (Until issue 12 it ran in a user namespace in
 * which root only *looked* like nobody: on the host it was still uid 0, and
 * `COPY … TO PROGRAM` ran as root.)
 *
 * Dropping to nobody raises two questions, answered here and in
 * embedded-postgres.ts:
 * - nobody cannot walk a mode-700 path such as /root or the data directory
 *   itself. The postmaster is started with its working directory already
 *   set (by root, before the uid changes) to the cluster directory and is
 *   told `-D /proc/self/cwd`; that link leads straight to the directory
 *   without walking its parents. Its children inherit the working directory.
 * - nobody must be able to run the binaries. When they sit behind a
 *   private directory, a copy of them goes to /var/cache/mail-helper
 *   (root's, readable by all), made once per PostgreSQL version.
 */
import { chownSync, cpSync, existsSync, lchownSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, parse, resolve } from "node:path";

export interface ClusterUser {
  uid: number;
  gid: number;
}

/** Debian's nobody:nogroup, used when /etc/passwd has no `nobody` line. */
const NOBODY: ClusterUser = { uid: 65534, gid: 65534 };

/** Copies of the binaries for when the installation is behind a private directory. */
export const SHARED_BINARIES_DIR = "/var/cache/mail-helper";

/** The user to run PostgreSQL as, or undefined when we are not root (it then runs as us). */
export function clusterUser(): ClusterUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("nobody:"));
    const [, , uid, gid] = line?.split(":") ?? [];
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) };
  } catch {
    // no /etc/passwd: fall back to the usual numbers
  }
  return NOBODY;
}

/** Gives `dir` and everything in it to `user` (an existing cluster made by root, or a copy made by root). */
export function chownTree(dir: string, user: ClusterUser): void {
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) lchownSync(join(dir, entry), user.uid, user.gid);
  // The top last: an interrupted run leaves it root's, so the next start does it again.
  chownSync(dir, user.uid, user.gid);
}

/** Whether `user` may search (x) `path` and every directory above it. */
export function traversableBy(path: string, user: ClusterUser): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const bits = stat.uid === user.uid ? stat.mode >> 6 : stat.gid === user.gid ? stat.mode >> 3 : stat.mode;
    if ((bits & 0o1) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

/**
 * The `bin` directory `user` can run PostgreSQL from: the installed one, or
 * a copy of its package's `native` tree (bin, lib, share) in `sharedDir`.
 */
export function binDirFor(binDir: string, version: string, user: ClusterUser, sharedDir = SHARED_BINARIES_DIR): string {
  const native = dirname(binDir);
  if (traversableBy(native, user)) return binDir;
  const copy = join(sharedDir, `postgres-${version}`);
  if (!existsSync(join(copy, "bin", "postgres"))) {
    mkdirSync(sharedDir, { recursive: true, mode: 0o755 });
    const staging = `${copy}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true }); // lib/ holds relative .so links
    renameSync(staging, copy);
  }
  if (!traversableBy(copy, user)) throw new Error(`${copy} is not readable by uid ${user.uid}`);
  return join(copy, "bin");
}

/** The real uid of a process (the `Uid:` line of /proc/PID/status), or undefined off Linux. */
export function processUid(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("Uid:"));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}
