/**
 * The whole parse, on the calling thread and without a time limit: what each
 * parse worker runs. Use `parseMessage` instead, which runs this in a worker
 * it can stop.
 */
import { simpleParser, type ParsedMail } from "mailparser";
import { readAttachments } from "./attachments.ts";
import { readBody } from "./body.ts";
import { readCalendar } from "./calendar.ts";
import { readEnvelope } from "./envelope.ts";
import { asBuffer, headerBlock, parseHeadersOnly, rawHeaders, sha256Hex } from "./header-only.ts";
import { MAX_FULL_PARSE_BYTES } from "../../limits.ts";
import { withUtf8Headers } from "./header-charset.ts";
import { MAILPARSER_OPTIONS } from "./mailparser-options.ts";
import { parseWithoutContents } from "./without-contents.ts";
import type { ParsedMessage, ParseProblem } from "./types.ts";

/**
 * Never rejects; what went wrong is in `problems`. A message over
 * `maxFullParseBytes` keeps its attachments' metadata only (problem
 * "attachments_not_kept" when it has any).
 */
export async function parseMessageInThread(raw: Uint8Array, maxFullParseBytes = MAX_FULL_PARSE_BYTES): Promise<ParsedMessage> {
  const bytes = asBuffer(raw);
  const full = bytes.length <= maxFullParseBytes;
  // Parsed with 8-bit header lines made UTF-8; size and content hash stay those of the bytes as fetched.
  const readable = withUtf8Headers(bytes, headerBlock(bytes).length);
  let mail: ParsedMail;
  try {
    mail = full ? await simpleParser(readable, MAILPARSER_OPTIONS) : await parseWithoutContents(readable);
  } catch {
    return await parseHeadersOnly(bytes, ["parse_failed"]);
  }
  try {
    const problems: ParseProblem[] = [];
    const envelope = readEnvelope(mail, problems);
    const body = readBody(mail, readable, problems);
    const attachments = readAttachments(mail.attachments, typeof mail.html === "string" ? mail.html : null, problems, full);
    if (!full && attachments.length > 0) problems.push("attachments_not_kept");
    const calendar = readCalendar(mail.attachments);
    if (body.text.trim() === "" && body.html === null && attachments.length === 0) problems.push("no_body");
    return { ...envelope, rawHeaders: rawHeaders(readable), ...body, attachments, calendar, size: bytes.length, contentHash: sha256Hex(bytes), problems };
  } catch {
    return await parseHeadersOnly(bytes, ["parse_failed"]);
  }
}
