/**
 * Text and HTML of a parsed message: searchable text for every message,
 * both capped, and the problems mailparser passes over in silence (a
 * charset it could not decode, a multipart cut short or unsplittable).
 */
import libmime from "libmime";
import type { ParsedMail, StructuredHeader } from "mailparser";
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from "../../limits.ts";
import { headerBlock } from "./header-only.ts";
import { textFromHtml } from "./html-text.ts";
import type { ParsedMessage, ParseProblem } from "./types.ts";

export type Body = Pick<ParsedMessage, "text" | "html" | "textTruncated" | "htmlTruncated">;

export function readBody(mail: ParsedMail, raw: Buffer, problems: ParseProblem[]): Body {
  const html = typeof mail.html === "string" && mail.html.length > 0 ? mail.html : null;
  let text = mail.text ?? "";
  if (mail.textConversionError) {
    problems.push("html_to_text_failed");
  } else if (html !== null && text.trim() === "") {
    // mailparser converts a lone root HTML part, not one inside multipart/related or /mixed.
    const derived = textFromHtml(html);
    if (derived === null) problems.push("html_to_text_failed");
    else text = derived;
  }
  let brokenMultipart = isBrokenMultipart(mail, raw);
  if (isMultipart(mail) && text.trim() === "" && html === null && mail.attachments.length === 0) {
    // Boundaries that match nothing: rather than no body at all, the raw body as text.
    const rawBody = raw
      .subarray(headerBlock(raw).length)
      .toString("utf8")
      .replace(/^(\r?\n)+/, "");
    if (rawBody.trim() !== "") {
      text = rawBody.replace(/\r\n/g, "\n");
      brokenMultipart = true;
    }
  }
  if (brokenMultipart) problems.push("broken_multipart");
  if (hasUndecodableCharset(mail, raw)) problems.push("charset_fallback");
  const keptText = capLength(text, MAX_TEXT_CHARS);
  const keptHtml = html === null ? null : capLength(html, MAX_HTML_CHARS);
  const textTruncated = keptText.length < text.length;
  const htmlTruncated = keptHtml !== null && keptHtml.length < html!.length;
  // Kept as problems too: they are what is stored, and the message page says that the mail is cut.
  if (textTruncated) problems.push("text_truncated");
  if (htmlTruncated) problems.push("html_truncated");
  return { text: keptText, html: keptHtml, textTruncated, htmlTruncated };
}

/** Cut at `max` UTF-16 units without splitting a surrogate pair. */
function capLength(value: string, max: number): string {
  if (value.length <= max) return value;
  const lastKept = value.charCodeAt(max - 1);
  return value.slice(0, lastKept >= 0xd800 && lastKept <= 0xdbff ? max - 1 : max);
}

function rootContentType(mail: ParsedMail): StructuredHeader | undefined {
  return mail.headers?.get("content-type") as StructuredHeader | undefined;
}

function isMultipart(mail: ParsedMail): boolean {
  return rootContentType(mail)?.value?.toLowerCase().startsWith("multipart/") ?? false;
}

/** A multipart root without a boundary parameter or without its closing delimiter (the usual sign of truncation). */
function isBrokenMultipart(mail: ParsedMail, raw: Buffer): boolean {
  if (!isMultipart(mail)) return false;
  const boundary = rootContentType(mail)?.params?.boundary;
  return !boundary || raw.indexOf(`--${boundary}--`) < 0;
}

/** Content-Type lines of text parts, folded continuation lines included. */
const TEXT_CONTENT_TYPE = /^content-type:[ \t]*text\/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim;
const CHARSET_PARAMETER = /charset\s*=\s*"?([^";\s]+)/i;
const charsetSupport = new Map<string, boolean>();

/**
 * mailparser reads an unknown or refused charset (UTF-7) as UTF-8 and says
 * nothing; bytes invalid in a known charset become U+FFFD. Both are checked
 * here: the declared charsets by a scan of the raw Content-Type lines (which
 * may also see those of an attached message: a rare false alarm), invalid
 * bytes by the replacement character in the result.
 */
function hasUndecodableCharset(mail: ParsedMail, raw: Buffer): boolean {
  if (mail.text?.includes("\uFFFD") || (typeof mail.html === "string" && mail.html.includes("\uFFFD"))) return true;
  for (const line of raw.toString("latin1").matchAll(TEXT_CONTENT_TYPE)) {
    const charset = CHARSET_PARAMETER.exec(line[0])?.[1]?.toLowerCase();
    if (charset && !isSupportedCharset(charset)) return true;
  }
  return false;
}

function isSupportedCharset(charset: string): boolean {
  let supported = charsetSupport.get(charset);
  if (supported === undefined) {
    supported = libmime.createDecodeStream(charset).supported;
    if (charsetSupport.size < 1000) charsetSupport.set(charset, supported);
  }
  return supported;
}
