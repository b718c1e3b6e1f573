/** Limits of the tag feature, with why. */

/** Long enough for "Steuererklärung 2026 – Belege Arbeitszimmer", short enough for a list row's badge. */
export const TAG_NAME_MAX_CHARS = 60;

/** Tags per user: far beyond what anyone files by, small enough to list and decrypt on every list page. */
export const MAX_TAGS_PER_USER = 500;

/** An IMAP keyword made from a name is cut here: servers keep at least this much (Dovecot: 50 bytes by default). */
export const KEYWORD_MAX_CHARS = 50;

/** Messages one learn_tag_feedback job reads: a few seconds of work, so a shutdown or retry repeats little. */
export const TAG_FEEDBACK_JOB_MESSAGES = 500;

/**
 * Messages a suggested tag name must have come with before the review queue
 * shows it (./name-queue.ts). A list or an organisation that wrote three
 * times is one the user hears from; once is chance. An LLM's name was
 * judged on the message itself, so one is enough.
 */
export const NAME_SUGGESTION_MIN_MESSAGES = { list: 3, sender: 3, llm: 1 } as const;

/**
 * A rejected name returns only when its count has reached this many times
 * the count at rejection, and at least NAME_SUGGESTION_RETURN_MIN_MORE
 * messages more: a weekly newsletter rejected at 3 is back after 10 weeks
 * more, one rejected at 40 after 40 more; never after a burst of two.
 */
export const NAME_SUGGESTION_RETURN_FACTOR = 2;
export const NAME_SUGGESTION_RETURN_MIN_MORE = 10;

/** Messages remembered per suggested name, the latest first: approving tags these; a list of years need not all be tagged at once. */
export const NAME_SUGGESTION_MESSAGES_KEPT = 500;

/** Links past the kept number are pruned every this many messages of a name: one sort of ~600 rows per hundred messages, not one per message. */
export const NAME_SUGGESTION_PRUNE_EVERY = 100;

/** Pending names shown at once, most frequent first: a queue longer than this is not read. */
export const NAME_SUGGESTIONS_SHOWN = 50;
