/** How the module runs mailparser's `simpleParser`, with the reason for each option. */
import type { SimpleParserOptions } from "mailparser";
import { MAX_HTML_CHARS } from "../../limits.ts";

export const MAILPARSER_OPTIONS: SimpleParserOptions = {
  // The HTML is stored as sent: inline images are attachments, resolved at
  // render time. data: URLs would bloat it by the size of every image.
  keepCidLinks: true,
  // textAsHtml is never used, and linkifying it is the costliest step on plain mail.
  skipTextToHtml: true,
  // Attachment checksums double as content addresses: SHA-256, like the message's contentHash.
  checksumAlgo: "sha256",
  // Longer HTML is kept but not turned into text (problem "html_to_text_failed").
  maxHtmlLengthToParse: MAX_HTML_CHARS,
};
