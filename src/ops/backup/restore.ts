/**
 * `npm run restore -- --in FILE --data-dir DIR`: a backup into a new data
 * directory. Nothing is replaced in place: DIR must be missing or empty,
 * and the files are written into DIR/.restore-incomplete first and moved
 * into DIR only once the whole backup has decrypted and checked; a wrong
 * passphrase writes nothing, a damaged file leaves nothing behind.
 *
 * - embedded-basebackup: the cluster's files, backup_label and WAL into
 *   DIR/postgres, the keys beside it. `npm start` with DATA_DIR=DIR starts
 *   that cluster, which replays the WAL to the backup's end before it takes
 *   connections (a restore of a base backup, as PostgreSQL documents it).
 * - pg_dump: the keys into DIR; the dump through pg_restore into the empty
 *   database DATABASE_URL names, in one transaction, after a first pass has
 *   checked the whole file (the database cannot be staged like files).
 */
import { mkdir, open, readdir, rename, rm, rmdir, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../../config.ts";
import { chownTree, clusterUser } from "../../db/cluster-user.ts";
import { embeddedPostgresBinDir } from "../../db/embedded-postgres.ts";
import type { Logger } from "../../log.ts";
import { readArchive } from "./archive.ts";
import { CLUSTER_DIR } from "./embedded-basebackup.ts";
import { BackupError, openEncrypted, type BackupHeader } from "./format.ts";
import { DUMP_ENTRY, prepareDumpRestore } from "./pg-dump.ts";

export interface RestoreSummary {
  dataDir: string;
  kind: BackupHeader["kind"];
  createdAt: string;
  files: number;
  bytes: number;
}

const STAGING = ".restore-incomplete";

/** The target must be missing or an empty directory; returns whether it exists. */
async function checkTarget(dataDir: string): Promise<boolean> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  if (!info.isDirectory()) throw new BackupError("TARGET_NOT_EMPTY", `${dataDir} exists and is not a directory`);
  const entries = await readdir(dataDir);
  // Left by a restore that was killed: it never moved anything into place.
  if (entries.length === 1 && entries[0] === STAGING) await rm(join(dataDir, STAGING), { recursive: true, force: true });
  else if (entries.length > 0) throw new BackupError("TARGET_NOT_EMPTY", `${dataDir} is not empty: restore into a new or empty directory (a restore replaces nothing in place)`);
  return true;
}

/** The major version of the embedded binaries this install would run the restored cluster with. */
function embeddedMajor(): number {
  const binDir = embeddedPostgresBinDir();
  const { version } = JSON.parse(readFileSync(join(dirname(dirname(binDir)), "package.json"), "utf8")) as { version: string };
  return Number(version.split(".")[0]);
}

async function writeFileFromBlocks(path: string, blocks: AsyncIterable<Buffer>): Promise<number> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, "wx", 0o600);
  let bytes = 0;
  try {
    for await (const block of blocks) {
      await handle.write(block);
      bytes += block.length;
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

/** Reads the whole backup once without writing anything: every chunk authenticated, the archive complete. */
async function verifyWholeFile(input: string, passphrase: string): Promise<void> {
  const file = await open(input, "r");
  try {
    const { chunks } = await openEncrypted(file, passphrase);
    for await (const entry of readArchive(chunks)) if (entry.type === "F") for await (const _ of entry.blocks);
  } finally {
    await file.close();
  }
}

/**
 * @example
 *   await restoreBackup(loadConfig(), log, { input: "/backups/mail-helper.mhbackup", dataDir: "/var/lib/mail-helper-restored", passphrase });
 */
export async function restoreBackup(config: Config, log: Logger, options: { input: string; dataDir: string; passphrase: string }): Promise<RestoreSummary> {
  const dataDir = resolve(options.dataDir);
  const existed = await checkTarget(dataDir);
  const file = await open(options.input, "r").catch((error: NodeJS.ErrnoException) => {
    throw new BackupError("USAGE", `cannot open ${options.input}: ${error.code}`);
  });
  const staging = join(dataDir, STAGING);
  let created = false;
  try {
    const { header, chunks } = await openEncrypted(file, options.passphrase);
    let dumpRestore: Awaited<ReturnType<typeof prepareDumpRestore>> | undefined;
    if (header.kind === "embedded-basebackup") {
      const installed = embeddedMajor();
      if (installed !== header.postgresMajor) {
        throw new BackupError("UNSUPPORTED", `the backup is of PostgreSQL ${header.postgresVersion}; this install's embedded PostgreSQL is ${installed}: restore with the version that made it`);
      }
    } else if (header.kind === "pg_dump") {
      dumpRestore = await prepareDumpRestore(config, header.postgresMajor);
      await verifyWholeFile(options.input, options.passphrase);
    } else {
      throw new BackupError("UNSUPPORTED", `unknown kind of backup ${JSON.stringify(header.kind)}`);
    }

    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    created = !existed;
    await mkdir(staging, { mode: 0o700 });
    let files = 0;
    let bytes = 0;
    for await (const entry of readArchive(chunks)) {
      if (entry.type === "D") {
        await mkdir(join(staging, entry.name), { recursive: true, mode: 0o700 });
      } else if (dumpRestore && entry.name === DUMP_ENTRY) {
        await dumpRestore.restore(entry.blocks);
        files++;
      } else {
        bytes += await writeFileFromBlocks(join(staging, entry.name), entry.blocks);
        files++;
      }
    }
    if (header.kind === "embedded-basebackup") {
      for (const required of ["PG_VERSION", "backup_label", "global/pg_control"]) {
        await stat(join(staging, CLUSTER_DIR, required)).catch(() => {
          throw new BackupError("DAMAGED", `the backup lacks ${CLUSTER_DIR}/${required}`);
        });
      }
    }
    for (const name of await readdir(staging)) await rename(join(staging, name), join(dataDir, name));
    await rmdir(staging);
    const user = clusterUser();
    if (user && header.kind === "embedded-basebackup") chownTree(join(dataDir, CLUSTER_DIR), user);
    log.info("backup restored", { dataDir, kind: header.kind, files, bytes });
    return { dataDir, kind: header.kind, createdAt: header.createdAt, files, bytes };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (created) await rmdir(dataDir).catch(() => {});
    throw error;
  } finally {
    await file.close();
  }
}
