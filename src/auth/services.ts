/** What the sign-in and account code needs from the process. */
import type { Services } from "../services.ts";
import { deriveKey } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";

/** The HMAC key for throttle subjects; derived, so the table cannot be matched against other HMACs. */
export function throttleKey(services: Services): SecretKey {
  return deriveKey(services.keyring.current().key, "auth-throttle");
}
