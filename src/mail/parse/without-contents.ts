/**
 * mailparser on a large message without holding its attachments: the same
 * result as simpleParser (headers, text, HTML, attachment metadata with
 * size and checksum), but each attachment's content is hashed and counted
 * as it streams past and then dropped. simpleParser buffers every
 * attachment (decoded, then concatenated): for one 31.6 MB message that
 * raised a sync worker's peak from 317 to 492 MB.
 */
import { Readable } from "node:stream";
import { MailParser, type Attachment, type AttachmentStream, type MessageText, type ParsedMail } from "mailparser";
import { MAILPARSER_OPTIONS } from "./mailparser-options.ts";

/** Rejects as simpleParser does; attachments come back with an empty `content`. */
export function parseWithoutContents(bytes: Buffer): Promise<ParsedMail> {
  return new Promise((resolve, reject) => {
    const mail = { attachments: [] as Attachment[] } as unknown as ParsedMail & Record<string, unknown>;
    const parser = new MailParser(MAILPARSER_OPTIONS);
    let settled = false;
    const fail = (error: unknown) => {
      if (!settled) reject(error);
      settled = true;
    };
    parser.on("error", fail);
    parser.on("headers", (headers) => {
      mail.headers = headers;
      mail.headerLines = (parser as unknown as { headerLines: ParsedMail["headerLines"] }).headerLines;
    });
    parser.on("data", (data: MessageText | AttachmentStream) => {
      if (data.type === "text") {
        Object.assign(mail, pick(data, ["text", "html", "textAsHtml", "textConversionError"]));
        return;
      }
      // Read and dropped: mailparser's hasher sets size and checksum on `data` itself as it goes by.
      const content = data.content;
      content.on("data", () => {});
      content.on("end", () => data.release?.());
      const attachment = data as unknown as Attachment;
      attachment.content = Buffer.alloc(0);
      mail.attachments.push(attachment);
    });
    parser.on("end", () => {
      // As simpleParser copies them (mailparser's simple-parser.js).
      for (const key of ["subject", "references", "date", "to", "from", "cc", "bcc", "message-id", "in-reply-to", "reply-to"]) {
        if (mail.headers?.has(key)) mail[key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = mail.headers.get(key);
      }
      if (!settled) resolve(mail);
      settled = true;
    });
    // In slices, with backpressure: one write of the whole message made mailparser split and decode all of it at
    // once, its streams buffering every decoded chunk (as much memory again as simpleParser's buffers).
    Readable.from(slices(bytes)).pipe(parser);
  });
}

/** Bytes fed to mailparser at a time: a stream's usual chunk size. */
const SLICE_BYTES = 64 * 1024;

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) yield bytes.subarray(start, start + SLICE_BYTES);
}

function pick(data: MessageText, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in data).map((key) => [key, (data as unknown as Record<string, unknown>)[key]]));
}
