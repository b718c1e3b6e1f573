/** The `backup` and `restore` subcommands: their options, and the one line each prints. */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../../config.ts";
import type { Logger } from "../../log.ts";
import { createBackup } from "./backup.ts";
import { BackupError } from "./format.ts";
import { readPassphrase } from "./passphrase.ts";
import { restoreBackup } from "./restore.ts";

function options<T extends Record<string, { type: "string" }>>(args: string[], spec: T, usage: string): Record<keyof T, string> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args, options: spec, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new BackupError("USAGE", `${(error as Error).message}; usage: ${usage}`);
  }
  for (const name of Object.keys(spec)) if (!values[name]) throw new BackupError("USAGE", `--${name} is required; usage: ${usage}`);
  return values as Record<keyof T, string>;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * @example
 *   bun src/main.ts backup --out /backups/mail-helper.mhbackup   # BACKUP_PASSPHRASE or a prompt
 */
export async function backupCommand(config: Config, log: Logger, args: string[]): Promise<string> {
  const { out } = options(args, { out: { type: "string" } }, "npm run backup -- --out FILE");
  const passphrase = await readPassphrase({ confirm: true });
  const summary = await createBackup(config, log, { out: resolve(out), passphrase });
  return `backup written to ${summary.out}: ${summary.kind} of PostgreSQL ${summary.postgresVersion}, ${summary.files} files (${megabytes(summary.bytes)}), keys: ${summary.keyFiles.join(", ")}`;
}

/**
 * @example
 *   bun src/main.ts restore --in /backups/mail-helper.mhbackup --data-dir /var/lib/mail-helper-new
 */
export async function restoreCommand(config: Config, log: Logger, args: string[]): Promise<string> {
  const values = options(args, { in: { type: "string" }, "data-dir": { type: "string" } }, "npm run restore -- --in FILE --data-dir DIR");
  const passphrase = await readPassphrase({ confirm: false });
  const summary = await restoreBackup(config, log, { input: resolve(values.in), dataDir: values["data-dir"], passphrase });
  const start =
    summary.kind === "embedded-basebackup" ? `start it with DATA_DIR=${summary.dataDir} npm start` : `the database is restored; run the app with DATA_DIR=${summary.dataDir} and this DATABASE_URL`;
  return `restored the backup of ${summary.createdAt} (${summary.kind}, ${summary.files} files, ${megabytes(summary.bytes)}) into ${summary.dataDir}: ${start}`;
}
