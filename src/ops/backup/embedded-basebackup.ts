/**
 * A consistent copy of the embedded cluster while it runs: PostgreSQL's
 * low-level base backup ("Making a Base Backup Using the Low Level API").
 *
 * 1. On one connection that stays open: a temporary physical replication
 *    slot that reserves WAL from now (with archiving off, nothing else stops
 *    a checkpoint from recycling the segments the copy needs; the slot goes
 *    with the session), then `pg_backup_start(label, fast => true)`.
 * 2. Copy the cluster's files, leaving out what the documentation says to
 *    omit: postmaster.pid and .opts, the contents of pg_wal, pg_replslot,
 *    pg_dynshmem, pg_notify, pg_serial, pg_snapshots, pg_stat_tmp and
 *    pg_subtrans, pgsql_tmp*, pg_internal.init, temporary relations, and our
 *    Unix socket. global/pg_control is copied last, as pg_basebackup does.
 *    Files change while they are read; replaying the WAL repairs that.
 * 3. `pg_backup_stop(wait_for_archive => false)` on the same connection:
 *    its labelfile goes into the copy as backup_label, byte for byte. On a
 *    primary it switches to a new WAL segment, so the stop segment is
 *    complete.
 * 4. The WAL segments from `pg_walfile_name(start)` to
 *    `pg_walfile_name(stop)`, read from pg_wal after the stop (all must be
 *    there: the slot kept them), and any timeline history files.
 *
 * Started on that copy, PostgreSQL finds backup_label and replays the WAL
 * in pg_wal up to the backup's end before it accepts connections: the
 * state it reaches is the one at pg_backup_stop, whatever was written while
 * the files were copied.
 */
import { open, readdir, lstat } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import type { Config } from "../../config.ts";
import type { Sql } from "../../db/connection.ts";
import { startEmbeddedPostgres } from "../../db/embedded-postgres.ts";
import type { Logger } from "../../log.ts";
import { type ArchiveWriter, BLOCK_SIZE } from "./archive.ts";
import { BackupError } from "./format.ts";
import type { BackupSource } from "./source.ts";

/** Directories whose contents the documentation says to omit (the directories themselves are kept). */
const EMPTIED_DIRECTORIES = new Set(["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"]);
/** Files never copied, wherever they are. */
const OMITTED_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "backup_manifest", "pg_internal.init", "postgresql.auto.conf.tmp", "current_logfiles.tmp"]);
/** Temporary relations (t<backend>_<relfilenode>[.segment|_fork]): gone after a restart anyway. */
const TEMPORARY_RELATION = /^t\d+_\d+/;
const PG_CONTROL = "global/pg_control";
/** The archive's names for the cluster's files, relative to the data directory. */
export const CLUSTER_DIR = "postgres";
const WAL_FILE = /^[0-9A-F]{24}$/;

function omitted(name: string, parent: string): boolean {
  return OMITTED_FILES.has(name) || name.startsWith("pgsql_tmp") || name.startsWith(".s.PGSQL.") || (parent.startsWith("base/") && TEMPORARY_RELATION.test(name));
}

/** The file's first `size` bytes as read now; fewer if it shrinks meanwhile (WAL replay restores it). */
async function* blocksOf(handle: Awaited<ReturnType<typeof open>>, size: number): AsyncGenerator<Uint8Array> {
  try {
    let position = 0;
    while (position < size) {
      const buffer = Buffer.allocUnsafe(Math.min(BLOCK_SIZE, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Copies one file into the archive; false if it vanished before it could be opened (a dropped relation). */
async function copyFile(archive: ArchiveWriter, path: string, name: string): Promise<number | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const { size } = await handle.stat();
  return await archive.file(name, blocksOf(handle, size));
}

interface CopyTotals {
  files: number;
  bytes: number;
}

async function copyTree(archive: ArchiveWriter, pgData: string, relativeDir: string, totals: CopyTotals): Promise<void> {
  const dir = relativeDir ? join(pgData, relativeDir) : pgData;
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const relativePath = relativeDir ? `${relativeDir}/${name}` : name;
    if (relativePath === PG_CONTROL || omitted(name, relativeDir)) continue;
    let stat: Awaited<ReturnType<typeof lstat>>;
    try {
      stat = await lstat(join(dir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    if (relativeDir === "pg_tblspc") throw new BackupError("UNSUPPORTED", "the embedded cluster has tablespaces outside its directory: not supported by this backup");
    if (stat.isDirectory()) {
      await archive.directory(`${CLUSTER_DIR}/${relativePath}`);
      // pg_wal's subdirectories (archive_status, summaries) are kept, empty.
      if (relativeDir === "" && EMPTIED_DIRECTORIES.has(name)) {
        if (name === "pg_wal")
          for (const sub of (await readdir(join(dir, name), { withFileTypes: true })).filter((entry) => entry.isDirectory())) await archive.directory(`${CLUSTER_DIR}/pg_wal/${sub.name}`);
        continue;
      }
      await copyTree(archive, pgData, relativePath, totals);
    } else if (stat.isFile()) {
      const bytes = await copyFile(archive, join(dir, name), `${CLUSTER_DIR}/${relativePath}`);
      if (bytes !== undefined) {
        totals.files++;
        totals.bytes += bytes;
      }
    }
    // Sockets, symbolic links and devices are not part of a cluster's data.
  }
}

/** WAL segment number of a file name (timeline, then log and segment in units of the segment size). */
function segmentNumber(fileName: string, segmentSize: number): bigint {
  const segmentsPerLog = 0x1_0000_0000n / BigInt(segmentSize);
  return BigInt(`0x${fileName.slice(8, 16)}`) * segmentsPerLog + BigInt(`0x${fileName.slice(16, 24)}`);
}

async function copyWal(archive: ArchiveWriter, pgData: string, first: string, last: string, segmentSize: number, totals: CopyTotals): Promise<number> {
  const names = (await readdir(join(pgData, "pg_wal"))).sort();
  const segments = names.filter((name) => WAL_FILE.test(name) && name.slice(0, 8) === first.slice(0, 8) && name >= first && name <= last);
  const expected = Number(segmentNumber(last, segmentSize) - segmentNumber(first, segmentSize)) + 1;
  if (segments.length !== expected) {
    throw new BackupError("POSTGRES", `WAL segments ${first} to ${last} are not all in pg_wal (found ${segments.length} of ${expected}): the copy would not be consistent`);
  }
  for (const name of [...names.filter((entry) => entry.endsWith(".history")), ...segments]) {
    const bytes = await copyFile(archive, join(pgData, "pg_wal", name), `${CLUSTER_DIR}/pg_wal/${name}`);
    if (bytes === undefined) throw new BackupError("POSTGRES", `WAL file ${name} vanished while it was copied`);
    totals.files++;
    totals.bytes += bytes;
  }
  return segments.length;
}

/**
 * The running (or started for the occasion) embedded cluster as a backup source.
 *
 * @example
 *   const source = await embeddedSource(config, log);
 *   try { await source.copy(archive); } finally { await source.close(); }
 */
export async function embeddedSource(config: Config, log: Logger): Promise<BackupSource> {
  const cluster = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT, log });
  const admin = postgres(cluster.superuser.url, { max: 1, onnotice: () => {} });
  const app: Sql = postgres(cluster.app.url, { max: 1, onnotice: () => {} });
  const close = async () => {
    await admin.end({ timeout: 5 });
    await app.end({ timeout: 5 });
    await cluster.stop();
  };
  try {
    const [server] = await admin<{ version: string; major: number }[]>`select current_setting('server_version') as version, current_setting('server_version_num')::int / 10000 as major`;
    const pgData = join(config.dataDir, CLUSTER_DIR);
    return {
      contents: { kind: "embedded-basebackup", postgresMajor: server!.major, postgresVersion: server!.version },
      sql: app,
      close,
      async copy(archive) {
        const connection = await admin.reserve();
        try {
          const slot = `mail_helper_backup_${process.pid}`;
          await connection`select pg_create_physical_replication_slot(${slot}, true, true)`;
          const [start] = await connection<{ lsn: string }[]>`select pg_backup_start(${`mail-helper ${new Date().toISOString()}`}, fast => true)::text as lsn`;
          const totals: CopyTotals = { files: 0, bytes: 0 };
          await archive.directory(CLUSTER_DIR);
          await copyTree(archive, pgData, "", totals);
          const control = await copyFile(archive, join(pgData, PG_CONTROL), `${CLUSTER_DIR}/${PG_CONTROL}`);
          if (control === undefined) throw new BackupError("POSTGRES", `${PG_CONTROL} is missing: is ${pgData} a cluster?`);
          const [stop] = await connection<{ lsn: string; labelfile: string; spcmapfile: string | null }[]>`
            select lsn::text as lsn, labelfile, spcmapfile from pg_backup_stop(wait_for_archive => false)`;
          if (stop!.spcmapfile) throw new BackupError("UNSUPPORTED", "the embedded cluster has tablespaces: not supported by this backup");
          await archive.file(`${CLUSTER_DIR}/backup_label`, [Buffer.from(stop!.labelfile, "utf8")]);
          const [wal] = await connection<{ first: string; last: string; segmentSize: number }[]>`
            select pg_walfile_name(${start!.lsn}::pg_lsn) as first, pg_walfile_name(${stop!.lsn}::pg_lsn) as last,
                   (select setting::int from pg_settings where name = 'wal_segment_size') as "segmentSize"`;
          const segments = await copyWal(archive, pgData, wal!.first, wal!.last, wal!.segmentSize, totals);
          await connection`select pg_drop_replication_slot(${slot})`;
          log.info("embedded cluster copied", { startLsn: start!.lsn, stopLsn: stop!.lsn, files: totals.files, bytes: totals.bytes, walSegments: segments });
          return { files: totals.files, bytes: totals.bytes };
        } finally {
          // Ending the session also ends a backup left running by an error, and drops the temporary slot.
          connection.release();
        }
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
