/**
 * A draft as an RFC 5322 message for the server's Drafts folder, so other
 * mail clients can open and continue it: headers encoded as MIME words,
 * the text as UTF-8 in base64 with the simple formatting's HTML beside it.
 */
import libmime from "libmime";
import type { DraftContent } from "./drafts.ts";
import { formatBody } from "./formatting.ts";
import { splitAddressList } from "./recipients.ts";

const base64Lines = (value: string) => Buffer.from(value, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");

/** An address field as typed, each entry's name encoded, entries joined; nothing when empty. */
function addressHeader(name: string, value: string): string[] {
  const entries = splitAddressList(value).map((entry) => {
    const match = /^(.*?)\s*<([^<>]*)>\s*$/.exec(entry);
    if (!match || !match[1]) return entry.replace(/[\r\n]/g, "");
    return `${libmime.encodeWords(match[1].replace(/[\r\n]/g, ""), "Q", 52)} <${match[2]!.trim()}>`;
  });
  return entries.length > 0 ? [`${name}: ${entries.join(", ")}`] : [];
}

/**
 * @example
 *   draftMessage({ to: "Anna <anna@example.org>", subject: "Angebot", body: "Hallo", … }, { from: "me@example.org", messageId: "<x@mailhelper>", date })
 */
export function draftMessage(content: DraftContent, envelope: { from: string | null; messageId: string; date: Date }): string {
  const boundary = `=_draft_${crypto.randomUUID()}`;
  const { text, html } = formatBody(content.body);
  const headers = [
    ...(envelope.from ? [`From: ${envelope.from}`] : []),
    ...addressHeader("To", content.to),
    ...addressHeader("Cc", content.cc),
    ...addressHeader("Bcc", content.bcc),
    `Subject: ${libmime.encodeWords(content.subject.replace(/[\r\n]/g, " "), "Q", 52)}`,
    `Date: ${envelope.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${envelope.messageId}`,
    "X-Mail-Helper-Draft: 1",
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  return [
    ...headers,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(text),
    `--${boundary}`,
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(`<!doctype html><html><body>${html}</body></html>`),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
