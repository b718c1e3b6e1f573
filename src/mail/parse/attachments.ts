/**
 * Attachments as plain data: metadata for all, content for those the
 * database keeps (the rest stay on the IMAP server, referenced).
 */
import type { Attachment } from "mailparser";
import { MAX_ATTACHMENT_STORE_BYTES, MAX_ATTACHMENTS } from "../../limits.ts";
import type { ParsedAttachment, ParseProblem } from "./types.ts";

/**
 * `html` is the full (uncapped) HTML, to tell inline images from files.
 * mailparser must have run with `checksumAlgo: "sha256"`. `keepContents`
 * false: metadata only (the message was parsed without its contents).
 */
export function readAttachments(attachments: Attachment[], html: string | null, problems: ParseProblem[], keepContents = true): ParsedAttachment[] {
  if (attachments.length > MAX_ATTACHMENTS) problems.push("too_many_attachments");
  return attachments.map((attachment, index) => {
    const contentId = attachment.cid || null;
    const keep = keepContents && index < MAX_ATTACHMENTS && attachment.size <= MAX_ATTACHMENT_STORE_BYTES;
    return {
      filename: attachment.filename || null,
      contentType: attachment.contentType.toLowerCase(),
      size: attachment.size,
      contentId,
      inline: attachment.contentDisposition === "inline" || (contentId !== null && html !== null && html.includes(`cid:${contentId}`)),
      checksum: attachment.checksum,
      // A copy that owns its memory: mailparser's Buffer may be a slice of a
      // shared pool, which cannot be transferred between threads.
      content: keep ? new Uint8Array(attachment.content) : null,
    };
  });
}
