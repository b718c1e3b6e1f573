/**
 * Limits in one place, each with the reason for its value. Later issues add
 * MIME part sizes, attachment counts, prompt lengths and page sizes here.
 */

/** Largest HTTP request body we read. Forms and JSON calls are small; uploads get their own limit. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * How long a half-signed-in session (password checked, second factor
 * pending) lives. Long enough to find the phone; short, because in strict
 * mode it already holds the data key.
 */
export const PARTIAL_SESSION_LIFETIME_MS = 15 * 60_000;

/** Longest request id we accept from a proxy's X-Request-Id; longer ones are replaced. */
export const MAX_REQUEST_ID_LENGTH = 100;

/** Larger messages are stored with their headers only: parsing a huge body costs more memory and CPU than it is worth. */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/**
 * Larger messages are parsed without keeping their attachments' contents (name, type, size and checksum only;
 * the content stays on the IMAP server, as for any attachment over MAX_ATTACHMENT_STORE_BYTES): simpleParser
 * holds every attachment decoded, and one 31.6 MB message raised a sync worker's peak RSS from 317 to 492 MB, and
 * it stayed at 425 MB. 16 MB still parses in full a message with one attachment of MAX_ATTACHMENT_STORE_BYTES
 * (about 13.7 MB in base64). `npm run bench:parse-memory` measures both paths.
 */
export const MAX_FULL_PARSE_BYTES = 16 * 1024 * 1024;

/** Plain text kept per message: enough for any real letter, bounded for encryption, search tokens and the model's prompt. */
export const MAX_TEXT_CHARS = 1_000_000;

/** HTML kept per message: newsletters run to a few hundred KB; beyond this it is generated junk. */
export const MAX_HTML_CHARS = 2_000_000;

/** Attachment content kept in the database; larger ones are stored as a reference to the server copy. */
export const MAX_ATTACHMENT_STORE_BYTES = 10 * 1024 * 1024;

/** Attachments whose content is kept per message; further ones keep their metadata only. */
export const MAX_ATTACHMENTS = 100;

/** Longest one message may parse before its worker is stopped; ordinary mail takes well under 100 ms. */
export const PARSE_TIMEOUT_MS = 10_000;

/** Header block read when the body is skipped (too large, timed out): mailparser's own per-part header limit. */
/** The raw header block kept with each message for analysis (Received chains of spam run long). */
export const MAX_RAW_HEADERS_BYTES = 64 * 1024;

export const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;

/** References kept per message: the first (thread root) and the most recent; a longer chain adds nothing to threading. */
export const MAX_REFERENCES = 100;

/** Deepest HTML nesting converted to text: real markup stays far below; deeper input is quadratic to parse. */
export const MAX_HTML_TO_TEXT_DEPTH = 1000;

/** Parse workers: two on the 2-core target, so one stuck message stalls only half of parsing, and HTML-heavy mail uses both cores. */
export const PARSE_WORKERS = 2;

/**
 * Messages per FETCH during sync: one round trip per batch, and a batch per database transaction. 150 keeps a
 * worker under 300 MB during an initial sync (two batches are in memory at once) at nearly the rate of 250.
 */
export const SYNC_BATCH_MESSAGES = 150;

/** Bytes per sync batch: keeps memory flat on mailboxes with large messages (a batch is held until stored). */
export const SYNC_BATCH_BYTES = 8 * 1024 * 1024;

/** UIDVALIDITY changes of one folder before its sync pauses: a server that keeps resetting would otherwise re-download it forever. */
export const MAX_UIDVALIDITY_RESETS = 5;

/**
 * Connection tests (an IMAP account's test, an LLM provider's test or model list) per user and minute: a person
 * setting up a mailbox tries a handful; more is a scan of whatever the server can reach.
 */
export const CONNECTION_TESTS_PER_MINUTE = 10;

/** Entries on the administrator's list of allowed outbound targets: a few local services, not a routing table. */
export const MAX_ALLOWED_TARGETS = 200;

/**
 * How long the notice's "Rückgängig" waits for the action it undoes to be carried out: a click right after
 * "archive" finds the job still running (under a second against a local server), and only a carried-out action can
 * be put back. Longer than that is an unreachable server; the answer then says the action is still waiting.
 */
export const UNDO_WAIT_FOR_PENDING_MS = 5000;

/**
 * A text field of a streamed multipart form (src/http/multipart-stream.ts): the import page's passphrase is at
 * most 1,024 characters (its maxlength), up to 4 bytes each in UTF-8; anything longer is not a field of ours.
 */
export const MULTIPART_FIELD_MAX_BYTES = 8 * 1024;

/** A part's headers (and a preamble) in a streamed multipart form: a browser sends two short lines; a long file name fits many times. */
export const MULTIPART_HEADER_MAX_BYTES = 16 * 1024;

/** Parts in a streamed multipart form: the import page sends two (file and passphrase); the cap bounds what the fields can add to the body. */
export const MULTIPART_MAX_PARTS = 16;
