/** What every command starts from: the data directory, the database and the master keyring. */
import { mkdirSync } from "node:fs";
import type { Config } from "../config.ts";
import { openDatabase, type Database } from "../db/connection.ts";
import { loadMasterKeyring, type MasterKeyring } from "../crypto/master-key.ts";
import type { Logger } from "../log.ts";

export interface CommandContext {
  config: Config;
  log: Logger;
  db: Database;
  keyring: MasterKeyring;
}

/** Creates the data directory (mode 700: it holds the database and the key file), opens the database, loads the keys. */
export async function openCommandContext(config: Config, log: Logger): Promise<CommandContext> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const keyring = loadMasterKeyring({ masterKey: config.MASTER_KEY, keyFile: config.masterKeyFile });
  const db = await openDatabase(config, log);
  return { config, log, db, keyring };
}
