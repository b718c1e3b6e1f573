/** Limits of the tag feature, with why. */

/** Long enough for "Steuererklärung 2026 – Belege Arbeitszimmer", short enough for a list row's badge. */
export const TAG_NAME_MAX_CHARS = 60;

/** Tags per user: far beyond what anyone files by, small enough to list and decrypt on every list page. */
export const MAX_TAGS_PER_USER = 500;

/** An IMAP keyword made from a name is cut here: servers keep at least this much (Dovecot: 50 bytes by default). */
export const KEYWORD_MAX_CHARS = 50;

/** Messages one learn_tag_feedback job reads: a few seconds of work, so a shutdown or retry repeats little. */
export const TAG_FEEDBACK_JOB_MESSAGES = 500;
