/**
 * One HTTP exchange with a provider: JSON in, JSON out, a timeout, and every
 * failure mapped to a stable reason from the error's code or the status
 * (never from message text). Redirects are refused: a base URL that
 * redirects could carry the API key to another host. The connection goes
 * through the outbound policy (../../net/outbound-policy.ts): a refused
 * target is `unreachable`, and nothing is sent to it.
 */
import { OutboundTargetError, type OutboundPolicy } from "../../net/outbound-policy.ts";
import { fetchPinned } from "../../net/pinned-fetch.ts";
import { MAX_PROVIDER_RESPONSE_BYTES } from "./limits.ts";
import type { TransportError } from "./types.ts";

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EAI_AGAIN", "EPIPE", "ConnectionRefused", "ConnectionClosed", "FailedToOpenSocket"]);

export type JsonExchange = { ok: true; status: number; json: unknown } | TransportError;

export interface ExchangeOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** Where the server may connect (the administrator's exceptions). */
  outbound: OutboundPolicy;
  /** The caller's signal (shutdown); combined with the timeout. */
  signal?: AbortSignal;
}

/** Maps what fetch threw to a reason; the detail is the error code or name, never the URL's credentials or a body. */
export function classifyFetchError(error: unknown, callerSignal?: AbortSignal): TransportError {
  const e = error as { name?: string; code?: string | number };
  if (callerSignal?.aborted) return { ok: false, reason: "aborted", detail: "stopped by the caller" };
  if (error instanceof OutboundTargetError) return { ok: false, reason: "unreachable", detail: error.message };
  if (e?.name === "TimeoutError") return { ok: false, reason: "timeout", detail: "no answer in time" };
  const code = typeof e?.code === "string" ? e.code : "";
  if (/CERT|TLS|SSL|SELF_SIGNED|ALTNAME|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH/i.test(code)) return { ok: false, reason: "tls", detail: `TLS failed (${code})` };
  if (UNREACHABLE_CODES.has(code)) return { ok: false, reason: "unreachable", detail: `cannot connect (${code})` };
  if (code === "ETIMEDOUT") return { ok: false, reason: "timeout", detail: `no answer in time (${code})` };
  if (e?.name === "AbortError") return { ok: false, reason: "aborted", detail: "aborted" };
  return { ok: false, reason: "unreachable", detail: `request failed (${code || e?.name || "unknown"})` };
}

/** A non-2xx status as a reason; the server's own error text is not kept (it may echo the prompt). */
export function classifyStatus(status: number): TransportError {
  if (status === 401 || status === 403) return { ok: false, reason: "unauthorized", detail: `HTTP ${status}: the key was refused or is missing`, status };
  if (status === 404) return { ok: false, reason: "not_found", detail: `HTTP ${status}: no such endpoint or model`, status };
  return { ok: false, reason: "http_error", detail: `HTTP ${status}`, status };
}

/** The body as text, or undefined past the limit: read in chunks and cancelled there, so an endless answer cannot fill memory. */
async function readBounded(response: Response): Promise<string | undefined> {
  if (Number(response.headers.get("content-length") ?? "0") > MAX_PROVIDER_RESPONSE_BYTES) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_PROVIDER_RESPONSE_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * @example
 *   const answer = await exchangeJson("http://127.0.0.1:11434/api/tags", { timeoutMs: 10_000, outbound: await loadOutboundPolicy(sql) });
 *   if (answer.ok && answer.status === 200) …
 */
export async function exchangeJson(url: string, options: ExchangeOptions): Promise<JsonExchange> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetchPinned(options.outbound, url, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers: { Accept: "application/json", ...(options.body === undefined ? {} : { "Content-Type": "application/json" }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    });
    const text = await readBounded(response);
    if (response.status < 200 || response.status > 299) return classifyStatus(response.status);
    if (text === undefined) return { ok: false, reason: "bad_response", detail: "answer too large" };
    try {
      return { ok: true, status: response.status, json: JSON.parse(text) };
    } catch {
      return { ok: false, reason: "bad_response", detail: "the answer is not JSON" };
    }
  } catch (error) {
    return classifyFetchError(error, options.signal);
  }
}
