/**
 * What parsing a message yields: plain data, safe to structured-clone between
 * threads and to JSON.stringify (dates are ISO strings; only attachment
 * content is binary).
 */

/**
 * Why a result is incomplete or approximate. Stable codes, stored with the
 * message (`messages.parse_problems`); never branch on anything else.
 *
 * Header-only results (body, attachments and calendar empty):
 * - `too_large`: the message is over `MAX_MESSAGE_BYTES` (or `maxBytes`); only its header block was read.
 * - `timeout`: parsing took longer than the timeout; the worker was stopped and replaced.
 * - `parse_failed`: mailparser gave up on the message (e.g. more than 1000 MIME parts, a header block over 1 MiB).
 * - `worker_failed`: the parse worker crashed or could not start.
 *
 * Full results that are still approximate:
 * - `no_headers`: no header lines were found (not a message, or binary garbage).
 * - `no_body`: no text, no HTML and no attachments.
 * - `bad_date`: a Date header is present but unreadable; `date` is null.
 * - `charset_fallback`: a text part declared a charset that cannot be decoded (unknown, or refused like
 *   UTF-7), or had bytes invalid in its charset; they were read as UTF-8 with U+FFFD replacements.
 * - `broken_multipart`: a multipart body has no boundary parameter or no closing delimiter (usually
 *   truncated), or no part could be found in it; the parts found are kept, and if there are none the
 *   raw body is the text.
 * - `html_to_text_failed`: HTML could not be turned into text (too long or nested too deep); `text` may be empty.
 * - `too_many_attachments`: more than `MAX_ATTACHMENTS`; the further ones have metadata only (`content: null`).
 * - `attachments_not_kept`: the message is over `MAX_FULL_PARSE_BYTES`; its attachments have metadata only
 *   (`content: null`: they stay on the IMAP server).
 */
export type ParseProblem =
  | "too_large"
  | "timeout"
  | "parse_failed"
  | "worker_failed"
  | "no_headers"
  | "no_body"
  | "bad_date"
  | "charset_fallback"
  | "broken_multipart"
  | "html_to_text_failed"
  | "too_many_attachments"
  | "attachments_not_kept"
  | "text_truncated"
  | "html_truncated";

/** One mailbox; groups are flattened into their members. */
export interface MailAddress {
  /** Display name, decoded; "" when none. */
  name: string;
  /** As given, trimmed; "" for a name without an address. */
  address: string;
}

/**
 * The headers later analysis needs (newsletter, auto-reply and priority
 * detection), keyed by lower-case name; each only when present, first
 * occurrence, unfolded and decoded.
 */
export interface SelectedHeaders {
  "list-unsubscribe"?: string;
  "list-id"?: string;
  precedence?: string;
  "auto-submitted"?: string;
  "x-priority"?: string;
  importance?: string;
  "content-language"?: string;
  "return-path"?: string;
}

export const SELECTED_HEADER_NAMES = [
  "list-unsubscribe",
  "list-id",
  "precedence",
  "auto-submitted",
  "x-priority",
  "importance",
  "content-language",
  "return-path",
] as const satisfies readonly (keyof SelectedHeaders)[];

export interface ParsedAttachment {
  filename: string | null;
  /** Lower-case MIME type; for application/octet-stream guessed from the file name. */
  contentType: string;
  /** Decoded bytes. */
  size: number;
  /** Content-ID without angle brackets. */
  contentId: string | null;
  /** Content-Disposition inline, or referenced by `cid:` from the HTML. */
  inline: boolean;
  /** SHA-256 of the decoded content, hex. */
  checksum: string;
  /** Null over `MAX_ATTACHMENT_STORE_BYTES` or past `MAX_ATTACHMENTS`: store a reference only. */
  content: Uint8Array | null;
}

/**
 * The first event of a text/calendar part or .ics attachment. Times are ISO
 * strings: UTC ("…Z") when the file says UTC or names an IANA zone; a date
 * alone ("2025-03-14") for all-day events; local time without offset when the
 * zone is unknown (e.g. a Windows zone name).
 */
export interface CalendarInvite {
  /** iTIP method: REQUEST, CANCEL, REPLY, PUBLISH… */
  method: string | null;
  uid: string | null;
  summary: string | null;
  start: string | null;
  end: string | null;
  /** The organizer's address, without "mailto:". */
  organizer: string | null;
}

export interface ParsedMessage {
  /** Without angle brackets, trimmed; null when absent. */
  messageId: string | null;
  /** The first Message-ID of In-Reply-To, normalised like `messageId`. */
  inReplyTo: string | null;
  /** Normalised like `messageId`, deduplicated, in header order (at most `MAX_REFERENCES`). */
  references: string[];
  /** Decoded; "" when none. */
  subject: string;
  /** The Date header as an ISO string; null when absent or unreadable. */
  date: string | null;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  headers: SelectedHeaders;
  /** The header block as received (UTF-8, invalid bytes replaced), at most `MAX_RAW_HEADERS_BYTES` bytes: spam analysis reads every header. */
  rawHeaders: string;
  /** Plain text; derived from the HTML when the message has none, so every message has searchable text. */
  text: string;
  /** The HTML as sent (cid: links kept), NOT sanitised: sanitise when rendering. */
  html: string | null;
  /** `text` was cut at `MAX_TEXT_CHARS`. */
  textTruncated: boolean;
  /** `html` was cut at `MAX_HTML_CHARS`. */
  htmlTruncated: boolean;
  attachments: ParsedAttachment[];
  calendar: CalendarInvite | null;
  /** Raw bytes. */
  size: number;
  /** SHA-256 of the raw bytes, hex. */
  contentHash: string;
  problems: ParseProblem[];
}
