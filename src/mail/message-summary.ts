/**
 * What a list row or a thread shows of a message: its subject, senders and
 * a preview line of its text, stored encrypted apart from the full header
 * document (migration 0013), so a list page opens one small value per row.
 */
import { DecryptError, decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { MailAddress } from "./parse/types.ts";

export interface MessageSummaryDocument {
  subject: string;
  from: MailAddress[];
  /** The text's first words (previewLine); absent in messages stored before it existed. */
  preview?: string;
}

/** Characters of a preview: a list row's second line, which a phone shows in two lines. */
export const PREVIEW_CHARS = 140;

/** Where the new part of a reply ends: a signature, a quoted mail's "On … wrote:", a forwarded or Outlook header. */
const END_OF_NEW_TEXT = /^(?:-- ?$|_{10,}|-{5,} ?(?:Original|Urspr)|(?:Am|On) .{4,200} (?:schrieb|wrote)[^:]{0,80}:$|(?:Von|From): .+)/i;

/**
 * The first words of a text as one line: quoted lines and everything
 * after the end of the new text left out, whitespace collapsed, cut at a
 * word before PREVIEW_CHARS.
 */
export function previewLine(text: string | null | undefined): string {
  if (!text) return "";
  const lines: string[] = [];
  let length = 0;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (END_OF_NEW_TEXT.test(trimmed)) break;
    if (!trimmed || trimmed.startsWith(">")) continue;
    lines.push(trimmed);
    length += trimmed.length + 1;
    if (length > PREVIEW_CHARS) break;
  }
  const line = lines.join(" ").replace(/\s+/g, " ");
  if (line.length <= PREVIEW_CHARS) return line;
  const cut = line.slice(0, PREVIEW_CHARS);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > PREVIEW_CHARS / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

const binding = (userId: string, messageId: string, legacy: boolean) => ({ owner: userId, purpose: `${legacy ? "message-headers" : "message-summary"}:${messageId}` });

export function encryptSummary(dataKey: SecretKey, userId: string, messageId: string, message: { subject: string; from: MailAddress[]; text?: string | null }): Uint8Array {
  const preview = previewLine(message.text);
  return encrypt(dataKey, JSON.stringify({ subject: message.subject, from: message.from, ...(preview ? { preview } : {}) }), binding(userId, messageId, false));
}

/**
 * The columns to select as `summary` and `legacy`: the summary, or for
 * messages stored before it existed the header document (which has the
 * same two fields first).
 */
export function summaryColumns(sql: Sql, table = "m") {
  return sql`coalesce(${sql(table)}.summary_encrypted, ${sql(table)}.headers_encrypted) as summary, ${sql(table)}.summary_encrypted is null as legacy`;
}

/** Null when the row cannot be decrypted or read (a damaged row is listed without subject and sender, never an error page). */
export function readSummary(dataKey: SecretKey, userId: string, messageId: string, row: { summary: Uint8Array; legacy: boolean }): MessageSummaryDocument | null {
  try {
    const document = JSON.parse(decryptText(dataKey, row.summary, binding(userId, messageId, row.legacy))) as Partial<MessageSummaryDocument>;
    return {
      subject: typeof document.subject === "string" ? document.subject : "",
      from: Array.isArray(document.from) ? document.from : [],
      ...(typeof document.preview === "string" && document.preview ? { preview: document.preview } : {}),
    };
  } catch (error) {
    if (error instanceof DecryptError || error instanceof SyntaxError) return null;
    throw error;
  }
}
