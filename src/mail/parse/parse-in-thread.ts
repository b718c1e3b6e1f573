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
import { asBuffer, parseHeadersOnly, rawHeaders, sha256Hex } from "./header-only.ts";
import { MAILPARSER_OPTIONS } from "./mailparser-options.ts";
import type { ParsedMessage, ParseProblem } from "./types.ts";

/** Never rejects; what went wrong is in `problems`. */
export async function parseMessageInThread(raw: Uint8Array): Promise<ParsedMessage> {
  const bytes = asBuffer(raw);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(bytes, MAILPARSER_OPTIONS);
  } catch {
    return await parseHeadersOnly(bytes, ["parse_failed"]);
  }
  try {
    const problems: ParseProblem[] = [];
    const envelope = readEnvelope(mail, problems);
    const body = readBody(mail, bytes, problems);
    const attachments = readAttachments(mail.attachments, typeof mail.html === "string" ? mail.html : null, problems);
    const calendar = readCalendar(mail.attachments);
    if (body.text.trim() === "" && body.html === null && attachments.length === 0) problems.push("no_body");
    return { ...envelope, rawHeaders: rawHeaders(bytes), ...body, attachments, calendar, size: bytes.length, contentHash: sha256Hex(bytes), problems };
  } catch {
    return await parseHeadersOnly(bytes, ["parse_failed"]);
  }
}
