/**
 * Time zones people read dates in: each user's IANA zone (from their
 * browser at sign-up, changeable under Account → Time zone), the server's
 * own for everyone else.
 */

/** The server's zone: dates for a signed-out visitor and for a user who has none stored. */
export const SERVER_TIME_ZONE: string = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** IANA names are ASCII letters, digits, `_`, `-`, `+` and `/`; the longest in use has 32 characters. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** The zones a user can choose, in Intl's canonical spelling and order. */
export function timeZoneChoices(): readonly string[] {
  return Intl.supportedValuesOf("timeZone");
}

/**
 * The zone named by `value` in the engine's spelling (`europe/berlin` →
 * `Europe/Berlin`), or undefined for anything Intl does not know as a
 * named zone. Aliases a browser may report (`Asia/Calcutta`, `Etc/UTC`)
 * are accepted although `Intl.supportedValuesOf` lists only canonical
 * names; offsets such as `+01:00` are not zones people live in and are
 * refused.
 *
 * @example
 *   timeZoneNamed("Europe/Berlin") // "Europe/Berlin"
 *   timeZoneNamed("Mars/Olympus") // undefined
 */
export function timeZoneNamed(value: unknown): string | undefined {
  if (typeof value !== "string" || !ZONE_NAME.test(value)) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
