/** The services the app and the auth code run on, for a test database. */
import type { Services } from "../../src/services.ts";
import { loadMasterKeyring } from "../../src/crypto/master-key.ts";
import { log } from "../../src/log.ts";
import { testConfig } from "./postgres.ts";

/**
 * @example
 *   const services = testServices(db, { TRUST_PROXY: "true" });
 *   const app = createApp(services);
 */
export function testServices(db: { url: string; sql: Services["sql"] }, env: Record<string, string> = {}): Services {
  const config = testConfig(db, env);
  return { sql: db.sql, config, log, keyring: loadMasterKeyring({ masterKey: config.MASTER_KEY, keyFile: config.masterKeyFile }) };
}
