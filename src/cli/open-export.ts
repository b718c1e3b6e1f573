/**
 * `npm run open-export -- FILE [DIR]`: decrypts a user's export archive
 * into DIR (default: FILE without its extension). The passphrase comes from
 * EXPORT_PASSPHRASE (or the file EXPORT_PASSPHRASE_FILE names), else it is
 * typed at the terminal without echo. Exit code 1 with one line on error.
 */
import { resolve } from "node:path";
import { openExport } from "../export/open-export.ts";
import { BackupError } from "../ops/backup/format.ts";
import { readPassphrase } from "../ops/backup/passphrase.ts";

export async function openExportCommand(args: string[], env: Record<string, string | undefined> = process.env): Promise<string> {
  const [file, dir] = args.filter((arg) => arg !== "--");
  if (!file) throw new BackupError("USAGE", "usage: npm run open-export -- FILE [DIR]");
  const target = resolve(dir ?? file.replace(/\.mhexport$/, "") + (file.endsWith(".mhexport") ? "" : ".opened"));
  const passphrase = await readPassphrase({ confirm: false }, { BACKUP_PASSPHRASE: env.EXPORT_PASSPHRASE, BACKUP_PASSPHRASE_FILE: env.EXPORT_PASSPHRASE_FILE });
  const opened = await openExport(resolve(file), passphrase, target);
  const counts = Object.entries(opened.manifest.counts)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
  return `export opened into ${opened.dir}: ${opened.files} files, every hash checked against manifest.json (${counts})`;
}

if (import.meta.main) {
  try {
    console.log(await openExportCommand(process.argv.slice(2)));
  } catch (error) {
    console.error(error instanceof BackupError ? `open-export: ${error.message}` : error);
    process.exit(1);
  }
}
