/**
 * The numbers of webhooks in one place, each with why it is what it is.
 * `WEBHOOK_TIMING` is an object, not constants, so the delivery tests can
 * shorten the back-off (the worker runs in the test's process); nothing
 * else changes it.
 */

/** Events a webhook can subscribe to, in the order pages list them. */
export const WEBHOOK_EVENTS = ["message.analysed", "message.red", "rule.acted", "sync.failed", "send.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Endpoints per user: a handful is what integrations need; each event costs one job per hook. */
export const MAX_WEBHOOKS_PER_USER = 10;
/** A name is a label on a page. */
export const MAX_WEBHOOK_NAME_CHARS = 100;
/** Longer URLs are no endpoint anyone types; keeps rows and pages small. */
export const MAX_WEBHOOK_URL_CHARS = 2_000;
/** Deliveries shown per hook (page and API). */
export const RECENT_DELIVERIES = 20;
/** Finished deliveries older than this are deleted (by the next delivery of the same hook): the page shows the recent ones only. */
export const KEEP_DELIVERIES_DAYS = 30;
/** Bytes of a receiver's answer kept: enough for an error line, never a page. */
export const RESPONSE_EXCERPT_BYTES = 256;
/** After a rotation the old secret still signs this long, so receivers can switch without a gap. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;
/** Deliveries that failed for good in a row before the hook is disabled. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 10;
/** …or failing without a success for this long. */
export const DISABLE_AFTER_FAILING_MS = 24 * 3_600_000;

export const WEBHOOK_TIMING = {
  /** Wait before attempt n+2 (index n); attempts = length + 1. About 17 hours in all, so a receiver down overnight still gets its events. */
  retryDelaysMs: [5_000, 30_000, 120_000, 600_000, 3_600_000, 4 * 3_600_000, 12 * 3_600_000] as number[],
  /** The receiver must answer within this (Standard Webhooks suggests a short timeout; slow work belongs in the receiver's queue). */
  timeoutMs: 10_000,
  /** A Retry-After longer than this is cut to it: the schedule stays bounded. */
  maxRetryAfterMs: 12 * 3_600_000,
};

/** How many attempts a delivery gets. */
export const maxDeliveryAttempts = () => WEBHOOK_TIMING.retryDelaysMs.length + 1;
