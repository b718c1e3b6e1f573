/**
 * What every entry point (the web server, the worker, the CLI, tests) hands
 * to domain code: the database, the configuration, the log and the master
 * keyring. One shape, built once in src/main.ts.
 */
import type { Config } from "./config.ts";
import type { MasterKeyring } from "./crypto/master-key.ts";
import type { Sql } from "./db/connection.ts";
import type { Logger } from "./log.ts";

export interface Services {
  sql: Sql;
  config: Config;
  log: Logger;
  keyring: MasterKeyring;
}
