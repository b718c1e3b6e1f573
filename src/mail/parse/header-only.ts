/**
 * The result for a message whose body is not parsed (too large, timed out,
 * rejected by mailparser, worker crashed): its header block alone, cheap
 * enough to read on the calling thread.
 */
import { createHash } from "node:crypto";
import { simpleParser } from "mailparser";
import { MAX_HEADER_BLOCK_BYTES, MAX_RAW_HEADERS_BYTES } from "../../limits.ts";
import { readEnvelope, type Envelope } from "./envelope.ts";
import { withUtf8Headers } from "./header-charset.ts";
import { MAILPARSER_OPTIONS } from "./mailparser-options.ts";
import type { ParsedMessage, ParseProblem } from "./types.ts";

const EMPTY_ENVELOPE: Envelope = {
  messageId: null,
  inReplyTo: null,
  references: [],
  subject: "",
  date: null,
  from: [],
  to: [],
  cc: [],
  bcc: [],
  replyTo: [],
  headers: {},
};

/** Never rejects: if even the headers cannot be read, the envelope is empty and "parse_failed" is added. */
export async function parseHeadersOnly(raw: Uint8Array, problems: ParseProblem[]): Promise<ParsedMessage> {
  const bytes = asBuffer(raw);
  const block = headerBlock(bytes);
  const headers = withUtf8Headers(block, block.length);
  let envelope = EMPTY_ENVELOPE;
  try {
    const mail = await simpleParser(Buffer.concat([headers, Buffer.from("\r\n\r\n")]), MAILPARSER_OPTIONS);
    envelope = readEnvelope(mail, problems);
  } catch {
    if (!problems.includes("parse_failed")) problems.push("parse_failed");
  }
  return {
    ...envelope,
    rawHeaders: rawHeaders(headers),
    text: "",
    html: null,
    textTruncated: false,
    htmlTruncated: false,
    attachments: [],
    calendar: null,
    size: bytes.length,
    contentHash: sha256Hex(bytes),
    problems,
  };
}

/** Bytes up to the blank line that ends the headers; at most MAX_HEADER_BLOCK_BYTES, cut at a line end. */
export function headerBlock(bytes: Buffer): Buffer {
  if (bytes[0] === 0x0a || (bytes[0] === 0x0d && bytes[1] === 0x0a)) return bytes.subarray(0, 0);
  const window = bytes.subarray(0, MAX_HEADER_BLOCK_BYTES);
  const ends = [window.indexOf("\r\n\r\n"), window.indexOf("\n\n")].filter((end) => end >= 0);
  if (ends.length > 0) return window.subarray(0, Math.min(...ends));
  if (bytes.length <= MAX_HEADER_BLOCK_BYTES) return bytes;
  const lastLineEnd = window.lastIndexOf("\n");
  return lastLineEnd > 0 ? window.subarray(0, lastLineEnd) : window;
}

/** The same bytes as a Buffer, without copying. */
export function asBuffer(raw: Uint8Array): Buffer {
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The header block as text for analysis, capped at MAX_RAW_HEADERS_BYTES. */
export function rawHeaders(bytes: Buffer): string {
  return headerBlock(bytes).subarray(0, MAX_RAW_HEADERS_BYTES).toString("utf8");
}
