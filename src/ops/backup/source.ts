/** Where a backup's database comes from: the embedded cluster's files, or an external server's pg_dump. */
import type { Sql } from "../../db/connection.ts";
import type { ArchiveWriter } from "./archive.ts";
import type { BackupContents } from "./format.ts";

export interface BackupSource {
  /** For the backup's header. */
  contents: BackupContents;
  /** The app's database (read: which master keys wrap data keys). */
  sql: Sql;
  /** Writes the database into the archive; returns what it copied. */
  copy(archive: ArchiveWriter): Promise<{ files: number; bytes: number }>;
  /** Closes connections; stops the embedded cluster if this process started it. */
  close(): Promise<void>;
}
