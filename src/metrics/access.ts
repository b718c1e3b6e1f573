/**
 * Who may read /metrics. Off unless configured:
 *   - METRICS_TOKEN: the scraper sends `Authorization: Bearer <token>`;
 *   - METRICS_LOOPBACK_ONLY=true: only connections from 127.0.0.0/8 or ::1;
 *   - both: both are required.
 * The peer is the socket's address, never X-Forwarded-For (anyone can send
 * that, and TRUST_PROXY does not change it here: behind a proxy every
 * request comes from loopback, so use the token). The token is compared as
 * SHA-256 digests in constant time, so neither its bytes nor its length
 * leak through timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { Config } from "../config.ts";

export type MetricsAccess =
  /** Not configured: answer as if there were no such page. */
  | "off"
  /** A token is required and this request has not got the right one. */
  | "unauthorized"
  /** Loopback only, and the peer is elsewhere (or unknown). */
  | "forbidden"
  | "allowed";

type MetricsSettings = Pick<Config, "METRICS_TOKEN" | "METRICS_LOOPBACK_ONLY">;

export function metricsEnabled(config: MetricsSettings): boolean {
  return config.METRICS_TOKEN !== undefined || config.METRICS_LOOPBACK_ONLY;
}

/** 127.0.0.0/8, ::1, and 127.x as an IPv4-mapped IPv6 address (a dual-stack socket's view of it). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const mapped = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (isIPv4(mapped)) return mapped.startsWith("127.");
  // The URL parser writes an IPv6 address in its one canonical form ("0:0::1" -> "[::1]").
  return isIPv6(address) && new URL(`http://[${address}]/`).hostname === "[::1]";
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether `Authorization` carries the token (`Bearer`, any case of the scheme). */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(token)) && match !== null;
}

/**
 * @example
 *   decideMetricsAccess(config, { authorization: c.req.header("authorization"), peerAddress: socket.remoteAddress })
 *   // "off" -> 404, "unauthorized" -> 401, "forbidden" -> 403, "allowed" -> the metrics
 */
export function decideMetricsAccess(config: MetricsSettings, request: { authorization: string | undefined; peerAddress: string | undefined }): MetricsAccess {
  if (!metricsEnabled(config)) return "off";
  if (config.METRICS_LOOPBACK_ONLY && !isLoopbackAddress(request.peerAddress)) return "forbidden";
  if (config.METRICS_TOKEN !== undefined && !hasMetricsToken(request.authorization, config.METRICS_TOKEN)) return "unauthorized";
  return "allowed";
}
