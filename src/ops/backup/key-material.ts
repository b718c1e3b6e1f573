/**
 * What the install needs besides the database to open its data: the master
 * keyring (every key that wraps a background-mode user's data key) and the
 * secrets kept in the data directory (the embedded cluster's passwords).
 *
 * They go into the backup as files named relative to the data directory, so
 * the restore puts them where the product looks: the keyring always as
 * `master.key` (from MASTER_KEY_FILE, or written from MASTER_KEY).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Config } from "../../config.ts";
import type { Sql } from "../../db/connection.ts";
import { BackupError } from "./format.ts";

export interface KeyMaterialFile {
  name: string;
  content: Buffer;
}

/** Files of the data directory that are not needed to open the data (rewritten at start) or are the cluster itself. */
const NOT_KEY_MATERIAL = new Set(["postgres", "postgres.log", "postgres.owner", "postgres.initdb"]);

export const MASTER_KEY_FILE_NAME = "master.key";

/** The key ids of the keyring, from its file content. */
function keyringIds(content: Buffer): string[] {
  try {
    return Object.keys((JSON.parse(content.toString("utf8")) as { keys?: Record<string, string> }).keys ?? {});
  } catch {
    throw new BackupError("USAGE", "the master key file is not valid JSON");
  }
}

/** MASTER_KEY (`id:base64,…`, first current) as the key file's content. */
function keyFileFromEnv(masterKey: string): Buffer {
  const entries = masterKey.split(",").map((entry) => entry.trim().split(":") as [string, string]);
  const content = { version: 1, current: entries[0]![0], keys: Object.fromEntries(entries) };
  return Buffer.from(`${JSON.stringify(content, null, 2)}\n`);
}

/**
 * Reads the key material now. Called before the database copy starts and
 * again after it ends; the union of both goes into the backup, so a key
 * rotation running meanwhile cannot leave the copy without the key its rows
 * were wrapped with.
 */
export function readKeyMaterial(config: Config): KeyMaterialFile[] {
  const files = new Map<string, Buffer>();
  let entries: string[] = [];
  try {
    entries = readdirSync(config.dataDir);
  } catch {
    // no data directory: MASTER_KEY and an external server only
  }
  for (const name of entries) {
    if (NOT_KEY_MATERIAL.has(name) || name.startsWith(".") || name.endsWith(".tmp")) continue;
    const path = join(config.dataDir, name);
    if (!statSync(path).isFile()) continue;
    files.set(name, readFileSync(path));
  }
  if (config.MASTER_KEY) files.set(MASTER_KEY_FILE_NAME, keyFileFromEnv(config.MASTER_KEY));
  else if (relative(config.dataDir, config.masterKeyFile) !== MASTER_KEY_FILE_NAME) {
    try {
      files.set(MASTER_KEY_FILE_NAME, readFileSync(config.masterKeyFile));
    } catch {
      throw new BackupError("USAGE", `cannot read the master key file ${config.masterKeyFile}`);
    }
  }
  return [...files].map(([name, content]) => ({ name, content }));
}

/** Both readings in one: the later file wins, and its keyring gains any key only the earlier one had. */
export function mergeKeyMaterial(before: KeyMaterialFile[], after: KeyMaterialFile[]): KeyMaterialFile[] {
  const merged = new Map(before.map((file) => [file.name, file.content]));
  for (const file of after) merged.set(file.name, file.content);
  const earlier = before.find((file) => file.name === MASTER_KEY_FILE_NAME);
  const later = merged.get(MASTER_KEY_FILE_NAME);
  if (earlier && later && !earlier.content.equals(later)) {
    const keyring = JSON.parse(later.toString("utf8")) as { keys: Record<string, string> };
    keyring.keys = { ...(JSON.parse(earlier.content.toString("utf8")) as { keys: Record<string, string> }).keys, ...keyring.keys };
    merged.set(MASTER_KEY_FILE_NAME, Buffer.from(`${JSON.stringify(keyring, null, 2)}\n`));
  }
  return [...merged].map(([name, content]) => ({ name, content }));
}

/**
 * Every key id that wraps a data key in the database must be in the backup's
 * keyring; else the backup could not open those users' data without them.
 */
export async function checkKeyringCoversDatabase(sql: Sql, files: KeyMaterialFile[]): Promise<void> {
  const keyring = files.find((file) => file.name === MASTER_KEY_FILE_NAME);
  const known = new Set(keyring ? keyringIds(keyring.content) : []);
  const [schema] = await sql`select to_regclass('users') is not null and to_regclass('sessions') is not null as migrated`;
  if (!schema?.migrated) return; // a database the app has not set up yet wraps nothing
  const rows = await sql<{ id: string }[]>`
    select dek_master_key_id as id from users where dek_master_key_id is not null
    union select dek_key_id from sessions where dek_key_id is not null`;
  const missing = rows.map((row) => row.id).filter((id) => !known.has(id));
  if (missing.length)
    throw new BackupError("USAGE", `the master keyring lacks key(s) ${missing.join(", ")} that wrap users' data keys: set MASTER_KEY or MASTER_KEY_FILE as the running install has it`);
}
