/** What the sign-in and account code needs from the process. */
import type { Services } from "../services.ts";
import type { Config } from "../config.ts";
import { deriveKey } from "../crypto/hmac.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";

/** The HMAC key for throttle subjects; derived, so the table cannot be matched against other HMACs. */
export function throttleKey(services: Services): SecretKey {
  return deriveKey(services.keyring.current().key, "auth-throttle");
}
