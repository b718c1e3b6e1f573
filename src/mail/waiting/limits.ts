/** Limits of "waiting for reply", each with its reason. */

/** Days without an answer before a sent message counts as waiting, unless the user chose otherwise (users.waiting_days). */
export const DEFAULT_WAITING_DAYS = 3;
export const MIN_WAITING_DAYS = 1;
/** A month: after that nobody is "waiting" any more, the matter is forgotten or settled another way. */
export const MAX_WAITING_DAYS = 30;

/**
 * Sent mail older than this is not looked at: a reply that never came
 * a quarter of a year ago is no longer something to chase, and the bound
 * keeps the one-time classification of a new mailbox (./facts.ts) to the
 * recent mail instead of years of Sent folder.
 */
export const WAITING_LOOKBACK_DAYS = 90;

/** Rows per page of /waiting and GET /api/v1/waiting. */
export const WAITING_PAGE_SIZE = 50;

/** Messages whose headers are decrypted and classified per batch (one insert each). */
export const FACTS_BATCH_SIZE = 500;
