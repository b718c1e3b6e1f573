/**
 * A header value as a rule (and a Sieve server's `header` test, RFC 5228
 * 2.7.2) sees it: RFC 2047 encoded words decoded ("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?="
 * is "Grüße"); a value libmime cannot decode stays as sent.
 */
import libmime from "libmime";

export function decodeHeaderValue(value: string): string {
  if (!value.includes("=?")) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}
