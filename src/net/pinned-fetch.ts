/**
 * fetch() through the outbound policy: the URL's host is checked once and
 * the request goes to the checked address, with the Host header and the
 * TLS name (SNI and certificate check, Bun's `tls.serverName`) still those
 * of the URL. Redirects are never followed: the next hop was not checked.
 *
 * @example
 *   const response = await fetchPinned(policy, "https://api.example.org/v1/models", { signal });
 */
import { checkOutboundTarget, type OutboundPolicy } from "./outbound-policy.ts";

/** The port a URL connects to. */
export function urlPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** @throws OutboundTargetError when the policy refuses the host (before anything is sent) */
export async function fetchPinned(policy: OutboundPolicy, url: string, init: RequestInit = {}): Promise<Response> {
  const original = new URL(url);
  if (original.protocol !== "http:" && original.protocol !== "https:") throw new TypeError(`not a web URL: ${original.protocol}`);
  const target = await checkOutboundTarget(policy, original.hostname, urlPort(original));
  const pinned = new URL(original);
  pinned.hostname = target.family === 6 ? `[${target.address}]` : target.address;
  const headers = new Headers(init.headers);
  headers.set("Host", original.host);
  return await fetch(pinned, {
    ...init,
    headers,
    // "manual" hands back the 3xx answer itself (an unsubscribe's "thank you" redirect); neither follows it.
    redirect: init.redirect === "manual" ? "manual" : "error",
    ...(original.protocol === "https:" && target.servername ? { tls: { serverName: target.servername } } : {}),
  });
}
