/**
 * Whether a URL may be a webhook's endpoint: https, or http only to a
 * target the administrator allowed (a receiver on the local network); no
 * user name or password in it; and its host passes the outbound policy now
 * (the delivery checks again, pinned, on every attempt: DNS may change).
 */
import { isIP } from "node:net";
import { allowsAddress, allowsHostName, normaliseHostName } from "../net/allowed-targets.ts";
import { checkOutboundTarget, OutboundTargetError, type OutboundPolicy } from "../net/outbound-policy.ts";
import { urlPort } from "../net/pinned-fetch.ts";
import { MAX_WEBHOOK_URL_CHARS } from "./limits.ts";

export type UrlRefusal = "invalid" | "scheme" | "credentials" | "not_allowed" | "dns_failed";

export async function checkWebhookUrl(policy: OutboundPolicy, raw: string): Promise<{ ok: true; url: string } | { ok: false; reason: UrlRefusal }> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (raw.length > MAX_WEBHOOK_URL_CHARS) return { ok: false, reason: "invalid" };
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "scheme" };
  if (url.username || url.password) return { ok: false, reason: "credentials" };
  url.hash = "";
  const port = urlPort(url);
  let address: string;
  try {
    address = (await checkOutboundTarget(policy, url.hostname, port)).address;
  } catch (error) {
    if (error instanceof OutboundTargetError) return { ok: false, reason: error.refusal };
    throw error;
  }
  if (url.protocol === "http:") {
    const host = normaliseHostName(url.hostname);
    const allowed = (isIP(host) === 0 && allowsHostName(policy.allowed, host, port)) || allowsAddress(policy.allowed, address, port);
    if (!allowed) return { ok: false, reason: "scheme" };
  }
  return { ok: true, url: url.toString() };
}
