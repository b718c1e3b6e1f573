/**
 * What a list row or a thread shows of a message: its subject and senders,
 * stored encrypted apart from the full header document (migration 0013).
 */
import { DecryptError, decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { MailAddress } from "./parse/types.ts";

export interface MessageSummaryDocument {
  subject: string;
  from: MailAddress[];
}

const binding = (userId: string, messageId: string, legacy: boolean) => ({ owner: userId, purpose: `${legacy ? "message-headers" : "message-summary"}:${messageId}` });

export function encryptSummary(dataKey: SecretKey, userId: string, messageId: string, document: MessageSummaryDocument): Uint8Array {
  return encrypt(dataKey, JSON.stringify({ subject: document.subject, from: document.from }), binding(userId, messageId, false));
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
    return { subject: typeof document.subject === "string" ? document.subject : "", from: Array.isArray(document.from) ? document.from : [] };
  } catch (error) {
    if (error instanceof DecryptError || error instanceof SyntaxError) return null;
    throw error;
  }
}
