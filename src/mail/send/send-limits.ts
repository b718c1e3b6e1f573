/**
 * Limits of sending, with why. Recipients are counted rather than messages:
 * one mail to 2,000 addresses is the abuse case, not 30 replies in an hour.
 */

/** How long a queued send waits, so "Undo" can stop it: long enough to read the toast and click, short enough that a reply still feels sent. */
export const SEND_UNDO_SECONDS = 10;

/**
 * The built message (headers, text, HTML, base64 attachments). Most providers
 * refuse above 20–35 MB (Gmail 25 MB, Microsoft 365 up to 35 MB, many 20 MB);
 * 25 MiB keeps a message most servers take, and bounds the encrypted row.
 */
export const MAX_SEND_BYTES = 25 * 1024 * 1024;

/** To + Cc + Bcc of one message: beyond this it is a mailing, not a reply, and providers flag it. */
export const MAX_RECIPIENTS_PER_MESSAGE = 100;

/**
 * Recipients per user and per account, per hour and per day. Below the
 * consumer providers' own caps (Gmail 500 recipients a day, Outlook.com
 * 300), so a runaway client or a stolen session cannot get the user's
 * mailbox blocked, yet far above what a person answering mail reaches.
 */
export const SEND_RECIPIENTS_PER_USER_HOUR = 200;
export const SEND_RECIPIENTS_PER_USER_DAY = 1000;
export const SEND_RECIPIENTS_PER_ACCOUNT_HOUR = 150;
export const SEND_RECIPIENTS_PER_ACCOUNT_DAY = 500;

/** Attempts of the send job: a few retries over about four minutes (graphile-worker's back-off) for a 4xx or a dead network; a 5xx is not retried. */
export const SEND_MAX_ATTEMPTS = 6;
