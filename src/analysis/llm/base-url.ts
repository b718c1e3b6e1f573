/**
 * Provider base URLs: what is accepted, and which ones count as local (the
 * only ones that get a message in clear text).
 */
import type { LlmKind } from "./types.ts";

export const MAX_BASE_URL_LENGTH = 2048;

/**
 * A base URL as stored: http or https, a host, no user name or password (they
 * would be stored in clear and sent everywhere), no query or fragment; the
 * trailing slash is dropped. Undefined when it is not acceptable.
 *
 * @example
 *   normaliseBaseUrl("http://127.0.0.1:11434/") // "http://127.0.0.1:11434"
 *   normaliseBaseUrl("file:///etc/passwd")     // undefined
 */
export function normaliseBaseUrl(raw: string): string | undefined {
  const text = raw.trim();
  if (!text || text.length > MAX_BASE_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (!url.hostname || url.username || url.password || url.search || url.hash) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * A loopback host: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost`. The
 * WHATWG URL parser has already turned other spellings of these addresses
 * (2130706433, 0x7f.1, [::ffff:127.0.0.1]) into these forms.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === "[::1]") return true;
  // [::ffff:7f00:1] is 127.0.0.1 mapped into IPv6.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Whether a provider is local: only an Ollama reached over loopback. Anything
 * else (a hosted API, but also an OpenAI-compatible server or an Ollama
 * elsewhere on the network) gets an anonymised message.
 *
 * @example
 *   isLocalProvider({ kind: "ollama", baseUrl: "http://127.0.0.1:11434" }) // true
 *   isLocalProvider({ kind: "openai", baseUrl: "http://127.0.0.1:1234/v1" }) // false
 */
export function isLocalProvider({ kind, baseUrl }: { kind: LlmKind; baseUrl: string }): boolean {
  if (kind !== "ollama") return false;
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** The URL of an API path under a base URL that may already end in `/v1` (OpenAI-compatible servers and Anthropic are often given that way). */
export function apiUrl(baseUrl: string, path: `/v1/${string}`): string {
  const base = baseUrl.replace(/\/+$/, "");
  return base.endsWith("/v1") ? base + path.slice(3) : base + path;
}
