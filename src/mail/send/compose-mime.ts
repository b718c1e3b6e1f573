/**
 * The MIME of an outgoing message, built by nodemailer's MailComposer: From
 * is the account's identity, the Message-ID is on the From address's
 * domain, and a reply carries In-Reply-To and References (the replied
 * message's References plus its Message-ID). Bcc is left out of the
 * headers; the envelope carries it. MailComposer never reads a file or a
 * URL here: attachments are bytes.
 */
import addressparser from "nodemailer/lib/addressparser";
import MailComposer from "nodemailer/lib/mail-composer";
import { MAX_REFERENCES } from "../../limits.ts";
import { EMAIL_ADDRESS } from "./smtp-settings.ts";

export interface ParsedRecipient {
  name: string;
  address: string;
}

/**
 * One recipient as typed ("Name <a@b>" or "a@b"): exactly one mailbox with
 * a plain address, no group, no second address hidden after a comma.
 */
export function parseRecipient(text: string): ParsedRecipient | undefined {
  if (/[\r\n]/.test(text) || text.length > 500) return undefined;
  const parsed = addressparser(text.trim());
  if (parsed.length !== 1) return undefined;
  const [entry] = parsed;
  if (!entry || "group" in entry || !entry.address || !EMAIL_ADDRESS.test(entry.address)) return undefined;
  return { name: entry.name ?? "", address: entry.address };
}

export interface MimeInput {
  from: { address: string; name: string };
  to: ParsedRecipient[];
  cc: ParsedRecipient[];
  bcc: ParsedRecipient[];
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  attachments: { filename: string; contentType: string; content: Uint8Array }[];
  date: Date;
}

/** `<random@domain-of-from>`: unique, and on the sender's own domain as RFC 5322 recommends. */
export function newMessageId(fromAddress: string): string {
  return `<${crypto.randomUUID()}@${fromAddress.slice(fromAddress.lastIndexOf("@") + 1).toLowerCase()}>`;
}

/** The replied message's References with its Message-ID appended; the first (thread root) and the most recent kept. */
export function replyReferences(references: string[], messageId: string): string[] {
  const chain = [...references.filter((ref) => ref !== messageId), messageId];
  return chain.length <= MAX_REFERENCES ? chain : [chain[0]!, ...chain.slice(chain.length - MAX_REFERENCES + 1)];
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");

/** A media type as RFC 2045 writes it (no parameters); anything else is sent as opaque bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
const safeContentType = (type: string) => (MEDIA_TYPE.test(type) ? type.toLowerCase() : "application/octet-stream");

export async function buildMime(input: MimeInput, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: oneLine(input.from.name), address: input.from.address },
    to: input.to,
    cc: input.cc.length ? input.cc : undefined,
    subject: oneLine(input.subject),
    text: input.text,
    ...(input.html ? { html: input.html } : {}),
    messageId,
    date: input.date,
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo, references: input.references ?? [input.inReplyTo] } : {}),
    attachments: input.attachments.map((attachment) => ({
      filename: oneLine(attachment.filename),
      contentType: safeContentType(attachment.contentType),
      content: Buffer.from(attachment.content),
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return await composer.compile().build();
}
