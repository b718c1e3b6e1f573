/**
 * MIME parsing for every fetched message (mailparser's simpleParser),
 * turned into plain data the sync job encrypts and stores.
 *
 * Never throws: broken MIME, unknown charsets, truncated or binary input
 * give a best-effort result whose `problems` say what went wrong (codes in
 * ./types.ts). Parsing runs in a small pool of worker threads, so a
 * pathological message is stopped at its timeout instead of blocking the
 * process, and parsing uses a second core.
 *
 * @example
 * const parsed = await parseMessage(rawBytes);
 * if (parsed.problems.includes("timeout")) log.warn({ problems: parsed.problems }, "message stored with headers only");
 * // at shutdown
 * await closeParsePool();
 */
import { MAX_MESSAGE_BYTES, PARSE_TIMEOUT_MS, PARSE_WORKERS } from "../../limits.ts";
import { parseHeadersOnly } from "./header-only.ts";
import { ParsePool } from "./parse-pool.ts";

export type { CalendarInvite, MailAddress, ParsedAttachment, ParsedMessage, ParseProblem, SelectedHeaders } from "./types.ts";
import type { ParsedMessage } from "./types.ts";

export interface ParseOptions {
  /** Stop a parse after this long and keep the headers only (problem "timeout"). Default PARSE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Larger messages get their headers read only (problem "too_large"). Default MAX_MESSAGE_BYTES. */
  maxBytes?: number;
  /** Larger messages keep their attachments' metadata only (problem "attachments_not_kept"). Default MAX_FULL_PARSE_BYTES. */
  maxFullParseBytes?: number;
}

/** setTimeout's ceiling (about 24.8 days); a longer timeout would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

let pool: ParsePool | undefined;

/**
 * Parses one raw RFC 5322 message. `raw` is read, never modified or
 * detached. The time limit counts from when a worker takes the message, not
 * while it waits in the queue. For throughput, call it for a whole fetched
 * batch at once (`Promise.all`): awaiting messages one by one leaves the
 * workers idle between them and halves the rate.
 */
export async function parseMessage(raw: Uint8Array, options: ParseOptions = {}): Promise<ParsedMessage> {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? Math.min(options.timeoutMs, MAX_TIMER_MS) : PARSE_TIMEOUT_MS;
  if (raw.byteLength > maxBytes) return await parseHeadersOnly(raw, ["too_large"]);
  pool ??= new ParsePool(Math.min(PARSE_WORKERS, navigator.hardwareConcurrency || 1));
  return await pool.parse(raw, timeoutMs, options.maxFullParseBytes);
}

/**
 * Lets running and queued parses finish, then stops the workers. A later
 * `parseMessage` starts a new pool.
 */
export async function closeParsePool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.close();
}

/** Workers alive in the pool (0 before first use and after close). */
export function parseWorkerCount(): number {
  return pool?.workerCount ?? 0;
}

/** Workers the pool has stopped (timeouts, crashes) since it started. */
export function parseWorkersStopped(): number {
  return pool?.workersStopped ?? 0;
}
