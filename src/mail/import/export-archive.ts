/**
 * Importing an export archive (src/export/): its mbox files become offline
 * mailboxes, one per exported account under the account's label and with
 * the folders' paths from manifest.json, and its user-data.json is applied
 * afterwards by restoreUserData (analyses, corrections, tags, rules, sender
 * patterns, VIP list, settings), so an export moves a user to a fresh
 * install.
 *
 * The passphrase waits for the job sealed under the user's data key (like
 * the mail it opens) and is erased when the import ends, done or failed.
 */
import { lstat, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { ExportManifest } from "../../export/build-export.ts";
import { openExport } from "../../export/open-export.ts";
import { MAGIC } from "../../ops/backup/format.ts";

const binding = (userId: string, importId: string) => ({ owner: userId, purpose: `import-passphrase:${importId}` });

/** True when the file starts like a Mail Helper archive (an export, or a whole-install backup). */
export async function isEncryptedArchive(path: string): Promise<boolean> {
  if (!(await lstat(path)).isFile()) return false;
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await file.read(head, 0, MAGIC.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await file.close();
  }
}

export async function sealImportPassphrase(sql: Sql, dataKey: SecretKey, userId: string, importId: string, passphrase: string): Promise<void> {
  await sql`update mail_imports set passphrase_encrypted = ${encrypt(dataKey, passphrase, binding(userId, importId))} where id = ${importId} and user_id = ${userId}`;
}

async function importPassphrase(sql: Sql, dataKey: SecretKey, userId: string, importId: string): Promise<string> {
  const [row] = await sql<{ sealed: Uint8Array | null }[]>`select passphrase_encrypted as sealed from mail_imports where id = ${importId} and user_id = ${userId}`;
  if (!row?.sealed) throw new Error("the archive's passphrase is no longer there: start the import again");
  return decryptText(dataKey, row.sealed, binding(userId, importId));
}

export async function forgetImportPassphrase(sql: Sql, importId: string): Promise<void> {
  await sql`update mail_imports set passphrase_encrypted = null where id = ${importId}`;
}

export interface OpenedExportArchive {
  dir: string;
  /** The mbox files with the account label and folder path each holds. */
  mailFiles: { path: string; account: string; folder: string; messages: number }[];
  total: number;
}

/** Where an import's archive is opened: beside the upload, removed when the import ends. */
export const openedArchiveDir = (archivePath: string) => `${archivePath}.opened`;

/** Decrypts the archive into a fresh directory (a retried job opens it again) and lists its mail files. */
export async function openArchiveForImport(sql: Sql, dataKey: SecretKey, userId: string, importId: string, archivePath: string): Promise<OpenedExportArchive> {
  const dir = openedArchiveDir(archivePath);
  await rm(dir, { recursive: true, force: true });
  const { manifest } = await openExport(archivePath, await importPassphrase(sql, dataKey, userId, importId), dir);
  return { dir, ...mailFilesOf(dir, manifest) };
}

function mailFilesOf(dir: string, manifest: ExportManifest): Pick<OpenedExportArchive, "mailFiles" | "total"> {
  const mailFiles = manifest.files.flatMap((file) => (file.folder ? [{ path: join(dir, file.name), account: file.folder.account, folder: file.folder.path, messages: file.folder.messages }] : []));
  return { mailFiles, total: mailFiles.reduce((sum, file) => sum + file.messages, 0) };
}

/** The archive's JSON part, for restoreUserData. */
export async function archiveUserData(opened: Pick<OpenedExportArchive, "dir">): Promise<unknown> {
  return JSON.parse(await readFile(join(opened.dir, "user-data.json"), "utf8"));
}
