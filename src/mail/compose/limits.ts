/** Limits of writing mail, each with its reason. */

/**
 * Files attached in the compose form, all together. Most providers refuse
 * messages over 20–25 MB, and base64 makes attachments a third larger on the
 * wire: 18 MiB of files stays under 25 MB once encoded.
 */
export const MAX_COMPOSE_ATTACHMENT_BYTES = 18 * 1024 * 1024;

/** The whole compose form post: the attachments, the text and the multipart framing. */
export const MAX_COMPOSE_REQUEST_BYTES = MAX_COMPOSE_ATTACHMENT_BYTES + 2 * 1024 * 1024;

/** Recipients of one message (To, Cc and Bcc together): a personal mail client, not a mailing list. */
export const MAX_RECIPIENTS = 100;

/** Characters of a draft's text kept: a long letter is ~50 000; beyond a megabyte it is pasted data. */
export const MAX_DRAFT_BODY_CHARS = 1_000_000;

/** A draft's copy on the server is replaced at most this often while the user types (and once more on leaving). */
export const DRAFT_SERVER_COPY_INTERVAL_MS = 30_000;

/** Address-book entries one completion request reads and decrypts: the most used first. A person writes with a few hundred. */
export const ADDRESS_BOOK_SCAN_LIMIT = 5000;

/** Suggestions one completion answers with. */
export const ADDRESS_SUGGESTIONS = 8;

/** Messages the address book reads per refresh: the newest first on the first fill, then what arrived since. */
export const ADDRESS_BOOK_REFRESH_BATCH = 5000;

/** The address book is brought up to date at most this often (per user) by completion requests. */
export const ADDRESS_BOOK_REFRESH_INTERVAL_MS = 5 * 60_000;
