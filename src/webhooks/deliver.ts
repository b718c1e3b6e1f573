/**
 * The `deliver_webhook` job's work: one attempt of one delivery. The body
 * is built at the first attempt and kept (encrypted) so every attempt sends
 * the same bytes under the same `webhook-id`; the timestamp and signatures
 * are made per attempt (receivers refuse old timestamps).
 *
 *   2xx                                   → succeeded
 *   network error, timeout, 5xx, 408, 429 → retried after WEBHOOK_TIMING.retryDelaysMs
 *                                           (or Retry-After when longer), up to maxDeliveryAttempts()
 *   3xx (never followed), other 4xx,
 *   a target the policy refuses           → failed, no retry
 *
 * The next attempt is a new job queued with its run time, so the schedule
 * is ours (graphile-worker's own retries are left for database errors and a
 * strict-mode user's missing key). A delivery that failed for good counts
 * against the hook: after DISABLE_AFTER_FAILED_DELIVERIES in a row, or
 * failing for DISABLE_AFTER_FAILING_MS, the hook is disabled until the user
 * resumes it. The URL goes through the outbound policy on every attempt,
 * pinned to the address it checked.
 */
import { dataKeyForBackgroundWork } from "../auth/data-key-access.ts";
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { JobContext } from "../jobs/define-task.ts";
import { addJob } from "../jobs/add-job.ts";
import { loadOutboundPolicy } from "../net/allowed-targets-store.ts";
import { OutboundTargetError } from "../net/outbound-policy.ts";
import { fetchPinned } from "../net/pinned-fetch.ts";
import { DISABLE_AFTER_FAILED_DELIVERIES, DISABLE_AFTER_FAILING_MS, KEEP_DELIVERIES_DAYS, maxDeliveryAttempts, RESPONSE_EXCERPT_BYTES, WEBHOOK_TIMING, type WebhookEvent } from "./limits.ts";
import { buildEventBody } from "./payload.ts";
import { signatureHeader } from "./signature.ts";
import { signingSecrets, webhookBinding } from "./store.ts";

export type DeliveryOutcome = "succeeded" | "retrying" | "failed" | "skipped" | "gone";

interface Claimed {
  userId: string;
  webhookId: string;
  type: WebhookEvent;
  data: Record<string, unknown>;
  at: Date;
  body: Uint8Array | null;
  attempts: number;
  includeText: boolean;
  active: boolean;
  urlEncrypted: Uint8Array;
}

interface Attempt {
  status: number | null;
  excerpt: string | null;
  error: string | null;
  retry: boolean;
  retryAfterMs: number | null;
}

const bodyBinding = (userId: string, deliveryId: string) => ({ owner: userId, purpose: `webhook-body:${deliveryId}` });

/** Seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** At most RESPONSE_EXCERPT_BYTES of a text answer, control characters made spaces; null for anything else. */
async function readExcerpt(response: Response): Promise<string | null> {
  const type = (response.headers.get("content-type") ?? "").toLowerCase();
  const textual = type === "" || type.startsWith("text/") || /^application\/([\w.+-]*\+)?(json|xml)/.test(type);
  if (!response.body) return null;
  if (!textual) {
    await response.body.cancel().catch(() => {});
    return null;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES);
  // A character cut at the end decodes to U+FFFD: dropped.
  const text = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes)
    .replace(/\uFFFD+$/, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, " ");
  return text || null;
}

async function attempt(job: Pick<JobContext, "sql" | "signal">, url: string, headers: Record<string, string>, body: string): Promise<Attempt> {
  const timeout = AbortSignal.timeout(WEBHOOK_TIMING.timeoutMs);
  const signal = job.signal ? AbortSignal.any([job.signal, timeout]) : timeout;
  try {
    const response = await fetchPinned(await loadOutboundPolicy(job.sql), url, { method: "POST", headers, body, signal, redirect: "manual" });
    const excerpt = await readExcerpt(response);
    const status = response.status;
    if (status >= 200 && status < 300) return { status, excerpt, error: null, retry: false, retryAfterMs: null };
    if (status >= 300 && status < 400) return { status, excerpt, error: "redirect", retry: false, retryAfterMs: null };
    const retry = status >= 500 || status === 408 || status === 429;
    return { status, excerpt, error: null, retry, retryAfterMs: retry ? retryAfterMs(response.headers.get("retry-after")) : null };
  } catch (error) {
    if (job.signal?.aborted) throw error; // the worker is stopping: the job runs again later
    if (error instanceof OutboundTargetError)
      return { status: null, excerpt: null, error: error.refusal === "dns_failed" ? "dns_failed" : "refused", retry: error.refusal === "dns_failed", retryAfterMs: null };
    const name = (error as Error).name;
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return { status: null, excerpt: null, error: timedOut ? "timeout" : "network", retry: true, retryAfterMs: null };
  }
}

/** A failed attempt's mark on the hook: failing since, and (for a delivery failed for good) one more in a row; disabled past the limits. */
async function countFailure(sql: JobContext["sql"], webhookId: string, final: boolean): Promise<boolean> {
  const [row] = await sql<{ disabled: boolean }[]>`
    update webhooks set
      failing_since = coalesce(failing_since, now()),
      consecutive_failures = consecutive_failures + ${final ? 1 : 0},
      disabled_at = case
        when disabled_at is null and (consecutive_failures + ${final ? 1 : 0} >= ${DISABLE_AFTER_FAILED_DELIVERIES}
          or coalesce(failing_since, now()) < now() - make_interval(secs => ${DISABLE_AFTER_FAILING_MS / 1000})) then now()
        else disabled_at end
    where id = ${webhookId}
    returning disabled_at is not null as disabled`;
  return row?.disabled ?? false;
}

export async function deliverWebhook(job: Pick<JobContext, "sql" | "keyring" | "config" | "log" | "signal">, deliveryId: string): Promise<DeliveryOutcome> {
  const { sql } = job;
  const [row] = await sql<Claimed[]>`
    select d.user_id as "userId", d.webhook_id as "webhookId", d.event_type as type, d.event_data as data, d.event_at as at,
           d.body_encrypted as body, d.attempts, w.include_text as "includeText", w.enabled and w.disabled_at is null as active,
           w.url_encrypted as "urlEncrypted"
    from webhook_deliveries d join webhooks w on w.id = d.webhook_id and w.user_id = d.user_id
    where d.id = ${deliveryId} and d.status in ('pending', 'retrying')`;
  if (!row) return "gone"; // done already, or the hook was deleted
  if (!row.active) {
    await sql`update webhook_deliveries set status = 'skipped', next_attempt_at = null, updated_at = now() where id = ${deliveryId}`;
    return "skipped";
  }
  // Strict key mode and signed out: throws, and graphile-worker retries until the user is back.
  const dataKey = await dataKeyForBackgroundWork(sql, job.keyring, job.config, row.userId);
  let body: string;
  if (row.body) body = decryptText(dataKey, row.body, bodyBinding(row.userId, deliveryId));
  else {
    body = await buildEventBody(sql, dataKey, row.userId, { type: row.type, data: row.data, at: row.at }, row.includeText);
    await sql`update webhook_deliveries set body_encrypted = ${encrypt(dataKey, body, bodyBinding(row.userId, deliveryId))} where id = ${deliveryId}`;
  }
  const url = decryptText(dataKey, row.urlEncrypted, webhookBinding(row.userId, row.webhookId, "url"));
  const secrets = await signingSecrets(sql, dataKey, row.userId, row.webhookId);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "MailHelper-Webhooks/1",
    "webhook-id": deliveryId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signatureHeader(secrets, deliveryId, timestamp, body),
  };

  const result = await attempt(job, url, headers, body);
  const attempts = row.attempts + 1;
  const succeeded = result.status !== null && result.status >= 200 && result.status < 300;
  const retry = !succeeded && result.retry && attempts < maxDeliveryAttempts();
  const delay = retry ? Math.max(WEBHOOK_TIMING.retryDelaysMs[attempts - 1]!, Math.min(result.retryAfterMs ?? 0, WEBHOOK_TIMING.maxRetryAfterMs)) : 0;
  const nextAt = retry ? new Date(Date.now() + delay) : null;
  const status: DeliveryOutcome = succeeded ? "succeeded" : retry ? "retrying" : "failed";
  await sql.begin(async (tx) => {
    await tx`
      update webhook_deliveries set status = ${status}, attempts = ${attempts}, response_status = ${result.status}, response_excerpt = ${result.excerpt},
        error_code = ${result.error}, next_attempt_at = ${nextAt}, updated_at = now()
      where id = ${deliveryId}`;
    if (nextAt) await addJob(tx, "deliver_webhook", { deliveryId }, { jobKey: `webhook-delivery:${deliveryId}`, runAt: nextAt });
    if (succeeded) await tx`update webhooks set consecutive_failures = 0, failing_since = null where id = ${row.webhookId}`;
    if (!nextAt) {
      await tx`
        delete from webhook_deliveries where webhook_id = ${row.webhookId} and status in ('succeeded', 'failed', 'skipped')
          and event_at < now() - make_interval(days => ${KEEP_DELIVERIES_DAYS})`;
    }
  });
  if (!succeeded && (await countFailure(sql, row.webhookId, !retry))) job.log.warn("webhook disabled after repeated failures", { webhookId: row.webhookId });
  job.log.info("webhook delivery attempt", { deliveryId, webhookId: row.webhookId, attempt: attempts, status, responseStatus: result.status, error: result.error });
  return status;
}
