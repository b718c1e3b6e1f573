/**
 * `npm run backup -- --out FILE`: the database and the key material needed
 * to open it, in one file encrypted to a passphrase (format.ts). Written
 * beside FILE and renamed over it when complete, so a failed run leaves an
 * earlier backup of that name as it was.
 */
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Config } from "../../config.ts";
import type { Logger } from "../../log.ts";
import { ArchiveWriter } from "./archive.ts";
import { embeddedSource } from "./embedded-basebackup.ts";
import { BackupError, EncryptedWriter, type BackupContents } from "./format.ts";
import { checkKeyringCoversDatabase, mergeKeyMaterial, readKeyMaterial } from "./key-material.ts";
import { pgDumpSource } from "./pg-dump.ts";
import type { BackupSource } from "./source.ts";

export interface BackupSummary extends BackupContents {
  out: string;
  files: number;
  bytes: number;
  keyFiles: string[];
}

/**
 * @example
 *   const summary = await createBackup(loadConfig(), log, { out: "/backups/mail-helper.mhbackup", passphrase });
 */
export async function createBackup(config: Config, log: Logger, options: { out: string; passphrase: string }): Promise<BackupSummary> {
  const keysBefore = readKeyMaterial(config);
  const partial = join(dirname(options.out), `.${basename(options.out)}.${process.pid}.partial`);
  const file = await open(partial, "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new BackupError("USAGE", `cannot write ${options.out}: ${error.code}`);
  });
  let complete = false;
  let source: BackupSource | undefined;
  try {
    source = config.DATABASE_URL ? await pgDumpSource(config, log) : await embeddedSource(config, log);
    const writer = await EncryptedWriter.create(file, options.passphrase, source.contents);
    const archive = new ArchiveWriter(writer);
    const copied = await source.copy(archive);
    // After the copy: a key added by a rotation meanwhile is in, and so is any key the copy's rows may still name.
    const keys = mergeKeyMaterial(keysBefore, readKeyMaterial(config));
    await checkKeyringCoversDatabase(source.sql, keys);
    for (const key of keys) await archive.file(key.name, [key.content]);
    await archive.end();
    await writer.finish();
    await file.close();
    await rename(partial, options.out);
    complete = true;
    return { out: options.out, ...source.contents, ...copied, keyFiles: keys.map((key) => key.name).sort() };
  } finally {
    if (!complete) {
      await file.close().catch(() => {});
      await rm(partial, { force: true });
    }
    await source?.close();
  }
}
