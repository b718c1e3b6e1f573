/**
 * KI-Mail-Helper kept no raw message, only its decrypted parts (sender,
 * recipients, subject, body, threading headers, attachments). They are put
 * back together as an RFC 5322 message, so the import goes through the
 * same parser and storeBatch as a synced message: the same identity (a
 * later sync of the account finds the copy and adds nothing), threads,
 * search tokens and attachments.
 */
import libmime from "libmime";

export interface KimhMessageParts {
  messageId: string | null;
  sender: string | null;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  body: string;
  /** Its content_type column: text/html for an HTML body. */
  html: boolean;
  inReplyTo: string | null;
  references: string | null;
  date: Date | null;
  attachments: { filename: string; mimeType: string; content: Uint8Array }[];
}

const base64Lines = (value: Uint8Array) => Buffer.from(value).toString("base64").replace(/.{76}/g, "$&\r\n");
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

/** "Name <a@b>" with the name as MIME words; a bare address stays as it is. */
function address(entry: string): string {
  const match = /^(.*?)\s*<([^<>]*)>\s*$/.exec(oneLine(entry));
  if (!match) return oneLine(entry);
  const name = match[1]!.replace(/^"|"$/g, "");
  return name ? `${libmime.encodeWords(name, "Q", 52)} <${match[2]!.trim()}>` : `<${match[2]!.trim()}>`;
}

const addressHeader = (name: string, entries: string[]) => (entries.length ? [`${name}: ${entries.map(address).join(", ")}`] : []);
const angle = (id: string) => (id.startsWith("<") ? id : `<${id}>`);
const mimeParameter = (value: string) => libmime.encodeWords(oneLine(value), "Q", 52).replace(/"/g, "'");

export function rebuildMessage(parts: KimhMessageParts): Uint8Array {
  const boundary = `=_kimh_${crypto.randomUUID()}`;
  const body = [`Content-Type: text/${parts.html ? "html" : "plain"}; charset=utf-8`, "Content-Transfer-Encoding: base64", "", base64Lines(Buffer.from(parts.body, "utf8"))];
  const headers = [
    ...(parts.sender ? [`From: ${address(parts.sender)}`] : []),
    ...addressHeader("To", parts.to),
    ...addressHeader("Cc", parts.cc),
    ...addressHeader("Bcc", parts.bcc),
    ...addressHeader("Reply-To", parts.replyTo),
    `Subject: ${libmime.encodeWords(oneLine(parts.subject), "Q", 52)}`,
    ...(parts.date ? [`Date: ${parts.date.toUTCString().replace("GMT", "+0000")}`] : []),
    ...(parts.messageId ? [`Message-ID: ${angle(oneLine(parts.messageId))}`] : []),
    ...(parts.inReplyTo ? [`In-Reply-To: ${angle(oneLine(parts.inReplyTo))}`] : []),
    ...(parts.references ? [`References: ${oneLine(parts.references)}`] : []),
    "MIME-Version: 1.0",
  ];
  if (parts.attachments.length === 0) return Buffer.from([...headers, ...body, ""].join("\r\n"), "utf8");
  const attachmentParts = parts.attachments.flatMap((attachment) => [
    `--${boundary}`,
    `Content-Type: ${oneLine(attachment.mimeType) || "application/octet-stream"}; name="${mimeParameter(attachment.filename)}"`,
    `Content-Disposition: attachment; filename="${mimeParameter(attachment.filename)}"`,
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(attachment.content),
  ]);
  return Buffer.from([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", `--${boundary}`, ...body, ...attachmentParts, `--${boundary}--`, ""].join("\r\n"), "utf8");
}
