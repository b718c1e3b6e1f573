/**
 * The outbound policy for remote content in mail (images, table
 * backgrounds): the reader's browser loads it, not the server, so nothing
 * can be resolved or pinned here. What can be refused is every URL whose
 * host names a non-public place outright: an IP literal outside the public
 * ranges (in any spelling the URL parser understands: 2130706433, 0x7f.1,
 * [::ffff:127.0.0.1]), `localhost` and names that only resolve inside a
 * network (no dot, .local, .internal, .lan, .home.arpa). A mail must not
 * make the reader's browser knock on the reader's own machine or router.
 *
 * The administrator's exceptions do not apply: they name what the server
 * may reach, not what a sender may make a reader's browser load.
 *
 * @example
 *   isPublicRemoteUrl("https://cdn.example.com/a.png") // true
 *   isPublicRemoteUrl("https://127.0.0.1/a.png")      // false
 */
import { isIP } from "node:net";
import { classifyAddress } from "./address-ranges.ts";

/** Suffixes that never name a host on the public internet (RFC 6761, 6762, 8375; `.internal` is reserved for private use). */
const PRIVATE_NAME = /(?:^|\.)(?:localhost|local|internal|lan|home\.arpa|localdomain)$/;

export function isPublicRemoteUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (isIP(host) !== 0) return classifyAddress(host) === "public";
  return host.includes(".") && !PRIVATE_NAME.test(host);
}
