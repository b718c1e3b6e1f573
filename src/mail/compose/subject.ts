/**
 * Subjects of replies and forwards: "Re: " and "Fwd: " put in front once,
 * whatever prefixes the original carries, German ones (AW:, Antw:, WG:)
 * included. Prefixes other mail clients add in other forms ("RE[2]:",
 * "Re :") are recognised too.
 */

/** Reply prefixes: English, German (AW, Antw), Scandinavian (SV, VS). */
const REPLY_PREFIXES = /^\s*(?:(?:re|aw|antw|sv|vs)\s*(?:\[\d+\])?\s*:\s*)+/i;
/** Forward prefixes: English, German (WG, Wtr), and "Fw". */
const FORWARD_PREFIXES = /^\s*(?:(?:fwd?|wg|wtr)\s*(?:\[\d+\])?\s*:\s*)+/i;

/**
 * @example
 *   replySubject("AW: Re: Angebot") // "Re: Angebot"
 *   replySubject("WG: Angebot")     // "Re: WG: Angebot"
 */
export function replySubject(subject: string): string {
  return `Re: ${subject.replace(REPLY_PREFIXES, "").trim()}`;
}

/**
 * @example
 *   forwardSubject("WG: Fwd: Angebot") // "Fwd: Angebot"
 *   forwardSubject("AW: Angebot")      // "Fwd: AW: Angebot"
 */
export function forwardSubject(subject: string): string {
  return `Fwd: ${subject.replace(FORWARD_PREFIXES, "").trim()}`;
}
