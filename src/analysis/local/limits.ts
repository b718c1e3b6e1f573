/**
 * How much of a message the verdict checks (authentication, server spam
 * headers, phishing) read: enough for every real message, bounded so a
 * hostile one cannot slow the analyser down (it must stay over 1,000
 * messages/s on one core; `bun run bench:classify`).
 */

/** The provider's headers sit at the top; 32 KB holds 50+ Received hops. */
export const MAX_RAW_HEADER_SCAN_CHARS = 32_000;
/** Phishing hides its links and asks in the first screens; newsletters' footers come later and do not matter here. */
export const MAX_PHISHING_TEXT_CHARS = 20_000;
/** HTML read for link texts; a long newsletter's first 100 KB hold its first hundreds of links. */
export const MAX_PHISHING_HTML_CHARS = 100_000;
/** Links looked at per message: phishing needs one, newsletters have dozens. */
export const MAX_LINKS_CHECKED = 150;
