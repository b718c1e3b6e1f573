/**
 * Opens an export archive into a directory (`npm run open-export`): the
 * backup format's decryption (every chunk authenticated; a wrong passphrase
 * is told apart from a damaged file), then each file checked against the
 * SHA-256 that manifest.json records for it.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readArchive } from "../ops/backup/archive.ts";
import { BackupError, openEncrypted } from "../ops/backup/format.ts";
import { EXPORT_FORMAT, type ExportManifest } from "./build-export.ts";

export interface OpenedExport {
  dir: string;
  manifest: ExportManifest;
  files: number;
  bytes: number;
}

/** The archive's decrypted chunks, once the passphrase is right and the file is a user's export (not a whole install's backup). */
async function exportChunks(file: FileHandle, passphrase: string): Promise<AsyncGenerator<Buffer>> {
  const { header, chunks } = await openEncrypted(file, passphrase);
  if (header.kind !== "user-export") throw new BackupError("NOT_A_BACKUP", "this is a backup of a whole install, not a user's export: restore it with npm run restore");
  return chunks;
}

/**
 * Checks the passphrase against the archive's key check, and that it is an export, without decrypting the content:
 * an import tells a typo at once rather than by a failed job.
 * @throws BackupError WRONG_PASSPHRASE, NOT_A_BACKUP, DAMAGED, UNSUPPORTED
 */
export async function checkExportPassphrase(path: string, passphrase: string): Promise<void> {
  const file = await open(path, "r");
  try {
    await exportChunks(file, passphrase);
  } finally {
    await file.close();
  }
}

/**
 * @throws BackupError WRONG_PASSPHRASE, DAMAGED (also: a file whose hash differs from the manifest), TRUNCATED,
 *   NOT_A_BACKUP (also: a backup of an install, not an export), TARGET_NOT_EMPTY
 * @example
 *   const opened = await openExport("export.mhexport", "Leuchtturm Fahrrad Wolke", "./my-export");
 *   opened.manifest.counts.messages // 1234
 */
export async function openExport(path: string, passphrase: string, dir: string): Promise<OpenedExport> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BackupError("TARGET_NOT_EMPTY", `${dir} is not empty: open the export into a new directory`);
  const file = await open(path, "r");
  try {
    const chunks = await exportChunks(file, passphrase);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const hashes = new Map<string, string>();
    let manifestText: string | undefined;
    let files = 0;
    let bytes = 0;
    for await (const entry of readArchive(chunks)) {
      const target = join(dir, entry.name);
      if (entry.type === "D") {
        mkdirSync(target, { recursive: true, mode: 0o700 });
        continue;
      }
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      const out = await open(target, "w", 0o600);
      const hash = createHash("sha256");
      const kept: Buffer[] = [];
      try {
        for await (const block of entry.blocks) {
          hash.update(block);
          await out.write(block);
          bytes += block.length;
          if (entry.name === "manifest.json") kept.push(block);
        }
      } finally {
        await out.close();
      }
      files++;
      hashes.set(entry.name, hash.digest("hex"));
      if (entry.name === "manifest.json") manifestText = Buffer.concat(kept).toString("utf8");
    }
    if (manifestText === undefined) throw new BackupError("DAMAGED", "the export has no manifest.json");
    const manifest = JSON.parse(manifestText) as ExportManifest;
    if (manifest.format !== EXPORT_FORMAT) throw new BackupError("UNSUPPORTED", `manifest.json names format ${JSON.stringify(manifest.format)}`);
    for (const listed of manifest.files) {
      const actual = hashes.get(listed.name);
      if (actual !== listed.sha256) throw new BackupError("DAMAGED", `${listed.name} ${actual ? "differs from" : "is missing but listed in"} manifest.json`);
    }
    return { dir, manifest, files, bytes };
  } finally {
    await file.close();
  }
}
