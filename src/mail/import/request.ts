/**
 * Asking for an import: the row and its `import_mail` job (ids only in the
 * payload), committed together. An upload is first streamed to a temporary
 * file under the data directory, never held in memory; a server-side path
 * (administrators) must lie under IMPORT_ROOT, checked after resolving
 * symbolic links so none leads out of it.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { lstat, mkdir, realpath, rm } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Config } from "../../config.ts";
import type { Sql } from "../../db/connection.ts";
import { addJob } from "../../jobs/add-job.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import { createImport, type MailImport } from "./imports.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import { BackupError } from "../../ops/backup/format.ts";
import { checkExportPassphrase } from "../../export/open-export.ts";
import { isEncryptedArchive, sealImportPassphrase } from "./export-archive.ts";

/** A retry resumes after the last stored batch; a source that cannot be read fails every time. */
export const IMPORT_MAIL_MAX_ATTEMPTS = 3;

export class ImportRefused extends Error {
  override name = "ImportRefused";
  constructor(
    readonly reason: "too_large" | "no_root" | "outside_root" | "not_found" | "empty" | "passphrase_needed" | "wrong_passphrase" | "not_an_export",
    message: string,
  ) {
    super(message);
  }
}

/** The passphrase an export archive was encrypted to, checked against it now and sealed for the job; another file ignores it. */
async function archivePassphrase(path: string, archive: { dataKey: SecretKey; passphrase?: string } | undefined): Promise<string | undefined> {
  if (!(await isEncryptedArchive(path))) return undefined;
  if (!archive?.passphrase) throw new ImportRefused("passphrase_needed", "this is an encrypted export archive: give the passphrase it was exported with");
  try {
    await checkExportPassphrase(path, archive.passphrase);
  } catch (error) {
    if (error instanceof BackupError && error.code === "WRONG_PASSPHRASE") throw new ImportRefused("wrong_passphrase", "wrong passphrase for this export archive");
    if (error instanceof BackupError) throw new ImportRefused("not_an_export", `not an export archive this version can import: ${error.message}`);
    throw error;
  }
  return archive.passphrase;
}

/**
 * Queues an import. An encrypted export archive needs `archive` with its passphrase (refused at once when missing or wrong).
 * @throws ImportRefused passphrase_needed, wrong_passphrase, not_an_export
 */
export async function queueImport(
  sql: Sql,
  userId: string,
  input: { source: "upload" | "path"; label: string; path: string },
  archive?: { dataKey: SecretKey; passphrase?: string },
): Promise<MailImport> {
  try {
    const passphrase = await archivePassphrase(input.path, archive);
    return await sql.begin(async (tx) => {
      const row = await createImport(tx as unknown as Sql, userId, input);
      if (passphrase && archive) await sealImportPassphrase(tx as unknown as Sql, archive.dataKey, userId, row.id, passphrase);
      await addJob(tx, "import_mail", { importId: row.id, userId }, { maxAttempts: IMPORT_MAIL_MAX_ATTEMPTS, priority: JOB_PRIORITY.sync, queueName: `import:${userId}` });
      return row;
    });
  } catch (error) {
    // Refused, or not queued (the database failed): an upload nobody will import is removed. A server path is the
    // administrator's own file and stays.
    if (input.source === "upload") await rm(input.path, { force: true });
    throw error;
  }
}

export function uploadDir(config: Config): string {
  return join(config.dataDir, "imports");
}

/**
 * Streams an upload to a temporary file; refuses it (and removes what was
 * written) past IMPORT_MAX_BYTES.
 */
export async function saveUpload(config: Config, stream: ReadableStream<Uint8Array>): Promise<string> {
  const dir = uploadDir(config);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${crypto.randomUUID()}.upload`);
  const out = createWriteStream(path, { mode: 0o600 });
  // Every error of the file is awaited below (a drain, the end) or moot: a write still in flight when the upload is
  // refused fails on the destroyed stream, and without a listener that error was uncaught and ended the web process.
  out.on("error", () => {});
  let written = 0;
  try {
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      written += chunk.byteLength;
      if (written > config.IMPORT_MAX_BYTES) throw new ImportRefused("too_large", `the upload is larger than ${config.IMPORT_MAX_BYTES} bytes`);
      if (!out.write(chunk)) await once(out, "drain");
    }
    await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
    if (written === 0) throw new ImportRefused("empty", "the upload is empty");
    return path;
  } catch (error) {
    out.destroy();
    await rm(path, { force: true });
    throw error;
  }
}

/** A path an administrator gave, resolved under IMPORT_ROOT; refused if it leaves it (by "..", or a symbolic link). */
export async function serverImportPath(config: Config, given: string): Promise<string> {
  if (!config.IMPORT_ROOT) throw new ImportRefused("no_root", "IMPORT_ROOT is not set: imports from the server are off");
  const root = await realpath(config.IMPORT_ROOT);
  if (given.split(/[\\/]/).includes("..")) throw new ImportRefused("outside_root", "the path may not contain ..");
  const wanted = isAbsolute(given) ? given : resolve(root, given);
  try {
    await lstat(wanted);
  } catch {
    throw new ImportRefused("not_found", "nothing is at that path");
  }
  const real = await realpath(wanted);
  const rel = relative(root, real);
  if (rel.startsWith("..") || isAbsolute(rel) || (rel !== "" && rel.split(sep)[0] === "..")) throw new ImportRefused("outside_root", "the path is not under IMPORT_ROOT");
  return real;
}

/** The name an import is shown by: the upload's file name or the path's last part, without anything path-like. */
export function importLabel(name: string | undefined, fallback: string): string {
  const cleaned = basename((name ?? "").replace(/\\/g, "/"))
    .trim()
    .slice(0, 200);
  return cleaned || fallback;
}
