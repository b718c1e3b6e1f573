/**
 * The backup passphrase: BACKUP_PASSPHRASE (automation, tests), else the
 * file BACKUP_PASSPHRASE_FILE names (a systemd credential, its final newline
 * dropped), else typed at the terminal without echo. A new backup asks twice
 * and refuses a short one.
 */
import { openSync, readFileSync } from "node:fs";
import { ReadStream } from "node:tty";
import { BackupError, MIN_PASSPHRASE_LENGTH } from "./format.ts";

/** Reads one line from the terminal with echo off. */
async function promptHidden(question: string): Promise<string> {
  let fd: number;
  try {
    fd = openSync("/dev/tty", "r");
  } catch {
    throw new BackupError("USAGE", "no passphrase: set BACKUP_PASSPHRASE or run from a terminal");
  }
  const input = new ReadStream(fd);
  process.stderr.write(question);
  input.setRawMode(true);
  try {
    return await new Promise<string>((resolveLine, reject) => {
      let line = "";
      input.on("data", (data: Buffer) => {
        for (const char of data.toString("utf8")) {
          if (char === "\r" || char === "\n") return resolveLine(line);
          if (char === "\u0003") return reject(new BackupError("USAGE", "cancelled"));
          if (char === "\u007f" || char === "\b") line = line.slice(0, -1);
          else line += char;
        }
      });
    });
  } finally {
    input.setRawMode(false);
    input.destroy();
    process.stderr.write("\n");
  }
}

/**
 * @example
 *   const passphrase = await readPassphrase({ confirm: true }); // backup
 *   const passphrase = await readPassphrase({ confirm: false }); // restore
 */
export async function readPassphrase(options: { confirm: boolean }, env: Record<string, string | undefined> = process.env): Promise<string> {
  let passphrase = env.BACKUP_PASSPHRASE;
  if (!passphrase && env.BACKUP_PASSPHRASE_FILE) {
    try {
      passphrase = readFileSync(env.BACKUP_PASSPHRASE_FILE, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new BackupError("USAGE", `cannot read BACKUP_PASSPHRASE_FILE ${env.BACKUP_PASSPHRASE_FILE}: ${(error as NodeJS.ErrnoException).code}`);
    }
  } else if (passphrase === undefined || passphrase === "") {
    passphrase = await promptHidden("Backup passphrase: ");
    if (options.confirm && (await promptHidden("Repeat the passphrase: ")) !== passphrase) throw new BackupError("USAGE", "the passphrases differ");
  }
  if (passphrase === "") throw new BackupError("USAGE", "the passphrase is empty");
  if (options.confirm && [...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError("USAGE", `the passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (several words are easy to type and hard to guess)`);
  }
  return passphrase;
}
