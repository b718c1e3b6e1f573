/**
 * Messages as mboxrd (one file per folder), the variant every importer
 * reads back losslessly: a line starting with ">*From " in a message gets
 * one more ">" and an importer removes one.
 *
 * The server's raw message is not kept (only its parts, encrypted), so a
 * message is rebuilt: the header block as received (Content-Type and the
 * other MIME framing headers replaced, the mbox status headers dropped),
 * then a new MIME body from the stored text, HTML and attachments, each
 * base64 encoded. Message-ID, Date, From, Subject and References stay as
 * they were, so the message is recognised again on import.
 *
 * Flags travel as the headers mail clients write into mbox files:
 * `Status: RO` (R seen), `X-Status:` (A answered, F flagged, T draft,
 * D deleted) and `X-Keywords:` (the copy's keywords, space-separated).
 */
import type { MailAddress } from "../mail/parse/types.ts";

export interface RebuiltAttachment {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  inline: boolean;
  content: Uint8Array | null;
}

export interface MessageParts {
  /** The header block as received; null when it was not kept. */
  rawHeaders: string | null;
  headers: {
    subject: string;
    from: MailAddress[];
    to: MailAddress[];
    cc: MailAddress[];
    date: string | null;
    messageId: string | null;
    inReplyTo: string | null;
    references: string[];
  };
  text: string | null;
  html: string | null;
  attachments: RebuiltAttachment[];
  flags: string[];
}

/** Headers the rebuilt body replaces, and mbox bookkeeping another program wrote. */
const REPLACED = new Set(["content-type", "content-transfer-encoding", "mime-version", "content-length", "lines", "status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase"]);

/** Header fields of a block: each field with its folded continuation lines. */
export function headerFields(block: string): string[] {
  return block
    .replace(/\r\n/g, "\n")
    .replace(/\n+$/, "")
    .split(/\n(?![ \t])/)
    .filter((field) => /^[!-9;-~]+:/.test(field));
}

const fieldName = (field: string) => field.slice(0, field.indexOf(":")).trim().toLowerCase();

/** An RFC 2047 encoded word when the text is not plain ASCII. */
function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}

const addressList = (addresses: MailAddress[]) => addresses.map((entry) => (entry.name ? `${encodeWord(entry.name)} <${entry.address}>` : entry.address)).join(", ");

/** A header block from the parsed headers, for a message whose raw block was not kept. */
function synthesisedHeaders(headers: MessageParts["headers"]): string[] {
  const fields: string[] = [];
  if (headers.from.length) fields.push(`From: ${addressList(headers.from)}`);
  if (headers.to.length) fields.push(`To: ${addressList(headers.to)}`);
  if (headers.cc.length) fields.push(`Cc: ${addressList(headers.cc)}`);
  fields.push(`Subject: ${encodeWord(headers.subject)}`);
  if (headers.date) fields.push(`Date: ${new Date(headers.date).toUTCString().replace("GMT", "+0000")}`);
  if (headers.messageId) fields.push(`Message-ID: <${headers.messageId}>`);
  if (headers.inReplyTo) fields.push(`In-Reply-To: <${headers.inReplyTo}>`);
  if (headers.references.length) fields.push(`References: ${headers.references.map((ref) => `<${ref}>`).join(" ")}`);
  return fields;
}

/** Base64 in lines of 76 characters (RFC 2045 6.8). */
function base64Lines(bytes: Uint8Array): string {
  return (
    Buffer.from(bytes)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\n");
}

/** A parameter value: quoted ASCII, or RFC 2231 UTF-8 percent-encoding. */
function parameter(name: string, value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `${name}="${value.replace(/[\\"]/g, "\\$&")}"`;
  return `${name}*=UTF-8''${encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function textPart(type: "text/plain" | "text/html", text: string): string {
  return `Content-Type: ${type}; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${base64Lines(Buffer.from(text, "utf8"))}\n`;
}

function attachmentPart(attachment: RebuiltAttachment & { content: Uint8Array }): string {
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(attachment.contentType) ? attachment.contentType : "application/octet-stream";
  const lines = [
    `Content-Type: ${type}${attachment.filename ? `; ${parameter("name", attachment.filename)}` : ""}`,
    "Content-Transfer-Encoding: base64",
    `Content-Disposition: ${attachment.inline ? "inline" : "attachment"}${attachment.filename ? `; ${parameter("filename", attachment.filename)}` : ""}`,
  ];
  if (attachment.contentId) lines.push(`Content-ID: <${attachment.contentId}>`);
  return `${lines.join("\n")}\n\n${base64Lines(attachment.content)}\n`;
}

function multipart(subtype: string, parts: string[]): { header: string; body: string } {
  const boundary = `mh-${crypto.randomUUID()}`;
  return { header: `multipart/${subtype}; boundary="${boundary}"`, body: `${parts.map((part) => `--${boundary}\n${part}`).join("")}--${boundary}--\n` };
}

/** The mbox status headers for a copy's IMAP flags. */
export function statusHeaders(flags: string[]): string[] {
  const has = (flag: string) => flags.some((entry) => entry.toLowerCase() === flag.toLowerCase());
  const xStatus = [has("\\Answered") && "A", has("\\Flagged") && "F", has("\\Draft") && "T", has("\\Deleted") && "D"].filter(Boolean).join("");
  const keywords = flags.filter((flag) => !flag.startsWith("\\") && /^[!-~]+$/.test(flag));
  return [`Status: ${has("\\Seen") ? "R" : ""}O`, ...(xStatus ? [`X-Status: ${xStatus}`] : []), ...(keywords.length ? [`X-Keywords: ${keywords.join(" ")}`] : [])];
}

/** The message as RFC 5322 text (LF line ends), rebuilt from its parts. */
export function rebuildMessage(parts: MessageParts): string {
  const kept = parts.rawHeaders ? headerFields(parts.rawHeaders).filter((field) => !REPLACED.has(fieldName(field))) : synthesisedHeaders(parts.headers);
  const files = parts.attachments.filter((attachment): attachment is RebuiltAttachment & { content: Uint8Array } => attachment.content !== null);
  const missing = parts.attachments.length - files.length;
  const bodies: string[] = [];
  if (parts.html !== null && parts.html !== "") {
    const alternative = multipart("alternative", [textPart("text/plain", parts.text ?? ""), textPart("text/html", parts.html)]);
    bodies.push(`Content-Type: ${alternative.header}\n\n${alternative.body}`);
  } else {
    bodies.push(textPart("text/plain", parts.text ?? ""));
  }
  let top: string;
  if (files.length) {
    const mixed = multipart("mixed", [...bodies, ...files.map(attachmentPart)]);
    top = `Content-Type: ${mixed.header}\n\n${mixed.body}`;
  } else {
    top = bodies[0]!;
  }
  const extra = ["MIME-Version: 1.0", ...statusHeaders(parts.flags)];
  // Attachments over the storage limit stayed on the server only; the rebuilt message says how many are missing.
  if (missing > 0) extra.push(`X-Mail-Helper-Attachments-Not-Kept: ${missing}`);
  return `${[...kept, ...extra].join("\n")}\n${top}`;
}

const ASCTIME_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const ASCTIME_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The separator line: "From <envelope sender> <asctime date, UTC>". */
export function fromLine(sender: string | null, date: Date | null): string {
  const when = date && !Number.isNaN(date.getTime()) ? date : new Date(0);
  const pad = (n: number) => String(n).padStart(2, "0");
  const asctime = `${ASCTIME_DAYS[when.getUTCDay()]} ${ASCTIME_MONTHS[when.getUTCMonth()]} ${String(when.getUTCDate()).padStart(2, " ")} ${pad(when.getUTCHours())}:${pad(when.getUTCMinutes())}:${pad(when.getUTCSeconds())} ${when.getUTCFullYear()}`;
  const envelope = sender && /^[^\s<>"]+@[^\s<>"]+$/.test(sender) ? sender : "MAILER-DAEMON";
  return `From ${envelope} ${asctime}`;
}

/**
 * One mboxrd entry: separator, the message with ">*From " lines quoted one
 * level more, and the blank line that ends it.
 *
 * @example
 *   mboxEntry("From: a@example.org\n\nFrom here on\n", "a@example.org", new Date(0))
 *   // "From a@example.org Thu Jan  1 00:00:00 1970\nFrom: a@example.org\n\n>From here on\n\n"
 */
export function mboxEntry(message: string, sender: string | null, date: Date | null): string {
  const body = message.replace(/\r\n/g, "\n").replace(/^(>*From )/gm, ">$1");
  return `${fromLine(sender, date)}\n${body.endsWith("\n") ? body : `${body}\n`}\n`;
}
