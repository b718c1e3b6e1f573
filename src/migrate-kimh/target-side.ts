/**
 * The target half of the checksums: every row an import brought over (the
 * mapping table, migrations/0063), read back from our tables and decrypted
 * with the user's data key, in the canonical form the source half used
 * (./canonical.ts). A row that went missing or reads differently changes
 * the table's checksum.
 */
import { readAnalysis } from "../analysis/analysis-store.ts";
import { senderBinding } from "../analysis/sender-patterns.ts";
import { decrypt, decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { accountConnection } from "../mail/accounts/store.ts";
import type { MailAddress } from "../mail/parse/types.ts";
import { getRule } from "../rules/store.ts";
import { listVipSenders } from "../senders/vip.ts";
import { decryptTagName } from "../tags/tag-name.ts";
import { attachmentCanonical, messageCanonical } from "./canonical.ts";
import { correctionCanonical } from "./import-mail.ts";
import { mappings } from "./mapping.ts";
import { checksumLine, type ImportReport } from "./report.ts";

async function messageLine(sql: Sql, dataKey: SecretKey, userId: string, sourceId: string, messageId: string): Promise<string | null> {
  const [row] = await sql<{ headers: Uint8Array; text: Uint8Array | null; html: Uint8Array | null }[]>`
    select headers_encrypted as headers, text_encrypted as text, html_encrypted as html from messages where id = ${messageId} and user_id = ${userId}`;
  if (!row) return null;
  const bind = (purpose: string) => ({ owner: userId, purpose: `${purpose}:${messageId}` });
  const headers = JSON.parse(decryptText(dataKey, row.headers, bind("message-headers"))) as { subject: string; from: MailAddress[]; messageId: string | null };
  const body = row.html ? decryptText(dataKey, row.html, bind("message-html")) : row.text ? decryptText(dataKey, row.text, bind("message-text")) : "";
  return checksumLine(sourceId, messageCanonical({ messageId: headers.messageId, subject: headers.subject, sender: headers.from[0]?.address ?? null, body }));
}

async function attachmentLine(sql: Sql, dataKey: SecretKey, userId: string, sourceId: string, attachmentId: string): Promise<string | null> {
  const [row] = await sql<{ meta: Uint8Array; content: Uint8Array | null }[]>`
    select meta_encrypted as meta, content_encrypted as content from attachments where id = ${attachmentId} and user_id = ${userId}`;
  if (!row) return null;
  const meta = JSON.parse(decryptText(dataKey, row.meta, { owner: userId, purpose: `attachment-meta:${attachmentId}` })) as { filename: string | null };
  const content = row.content ? decrypt(dataKey, row.content, { owner: userId, purpose: `attachment:${attachmentId}` }) : null;
  return checksumLine(sourceId, attachmentCanonical(meta.filename, content));
}

/** The analysis as imported: a field the user corrected afterwards reads as its value before the first correction. */
async function analysisLine(sql: Sql, dataKey: SecretKey, userId: string, sourceId: string, messageId: string): Promise<string | null> {
  const stored = await readAnalysis(sql, dataKey, userId, messageId);
  if (!stored) return null;
  const firstOld = new Map<string, string | null>();
  const corrections = await sql<{ field: string; oldValue: string | null }[]>`
    select field, old_value as "oldValue" from corrections where user_id = ${userId} and message_id = ${messageId} order by id`;
  for (const correction of corrections) if (!firstOld.has(correction.field)) firstOld.set(correction.field, correction.oldValue);
  const value = <T>(field: "urgency" | "importance" | "category" | "spam", current: T, read: (text: string) => T): T => (firstOld.has(field) ? read(firstOld.get(field) ?? "") : current);
  const { analysis } = stored;
  return checksumLine(sourceId, [
    value("urgency", analysis.urgency.value, Number),
    value("importance", analysis.importance.value, Number),
    value("category", analysis.category.value, (text) => text as typeof analysis.category.value),
    value("spam", analysis.spam.value, (text) => text === "true"),
    analysis.summary,
  ]);
}

async function correctionLine(sql: Sql, dataKey: SecretKey, userId: string, sourceId: string, target: string): Promise<string | null> {
  const [messageId, fields] = target.split("|") as [string, string];
  const stored = await readAnalysis(sql, dataKey, userId, messageId);
  if (!stored) return null;
  const values: Record<string, unknown> = {};
  for (const field of fields.split(",") as ("urgency" | "importance" | "category" | "spam")[]) values[field] = stored.analysis[field].value;
  return checksumLine(sourceId, correctionCanonical(values));
}

/** Adds the target lines of one migrated user to the report. */
export async function addTargetLines(sql: Sql, dataKey: SecretKey, userId: string, email: string, report: ImportReport): Promise<void> {
  const push = (table: Parameters<ImportReport["tally"]>[0], line: string | null) => {
    if (line) report.tally(table).targetLines.push(line);
  };
  const [user] = await sql<{ email: string }[]>`select email from users where id = ${userId}`;
  if (user) push("users", checksumLine(email, [user.email.toLowerCase()]));

  for (const [sourceId, accountId] of await mappings(sql, userId, "mail_account")) {
    const account = await accountConnection(sql, dataKey, userId, accountId);
    if (account) push("mail_accounts", checksumLine(sourceId, [account.host, account.port, account.username, account.password]));
  }
  for (const [sourceId, messageId] of await mappings(sql, userId, "raw_email")) push("raw_emails", await messageLine(sql, dataKey, userId, sourceId, messageId));
  for (const [sourceId, attachmentId] of await mappings(sql, userId, "email_attachment")) push("email_attachments", await attachmentLine(sql, dataKey, userId, sourceId, attachmentId));
  for (const [sourceId, messageId] of await mappings(sql, userId, "processed_email")) push("processed_emails", await analysisLine(sql, dataKey, userId, sourceId, messageId));
  for (const [sourceId, target] of await mappings(sql, userId, "correction")) push("corrections", await correctionLine(sql, dataKey, userId, sourceId, target));

  const tagSources = new Map<string, string>();
  for (const [sourceId, tagId] of await mappings(sql, userId, "email_tag")) {
    tagSources.set(tagId, sourceId);
    const [tag] = await sql<{ name: Uint8Array }[]>`select name_encrypted as name from tags where id = ${tagId} and user_id = ${userId}`;
    if (tag) push("email_tags", checksumLine(sourceId, [decryptTagName(dataKey, userId, tagId, tag.name)]));
  }
  const messageSources = new Map<string, string>();
  for (const [sourceId, messageId] of await mappings(sql, userId, "raw_email")) messageSources.set(messageId, sourceId);
  for (const [sourceId, target] of await mappings(sql, userId, "email_tag_assignment")) {
    const [messageId, tagId] = target.split(":") as [string, string];
    const [row] = await sql`select 1 from message_tags where message_id = ${messageId} and tag_id = ${tagId} and user_id = ${userId}`;
    if (row) push("email_tag_assignments", checksumLine(sourceId, [messageSources.get(messageId) ?? "", tagSources.get(tagId) ?? ""]));
  }
  for (const [sourceId, hashHex] of await mappings(sql, userId, "sender_pattern")) {
    const hash = Buffer.from(hashHex, "hex");
    const [row] = await sql<{ sender: Uint8Array }[]>`select sender_encrypted as sender from sender_patterns where user_id = ${userId} and sender_hash = ${hash}`;
    if (row) push("sender_patterns", checksumLine(sourceId, [decryptText(dataKey, row.sender, senderBinding(userId, hash))]));
  }
  const vips = new Map((await listVipSenders(sql, dataKey, userId)).map((entry) => [entry.id, entry]));
  for (const kind of ["trusted_sender", "spacy_vip_sender"] as const) {
    for (const [sourceId, vipId] of await mappings(sql, userId, kind)) {
      const entry = vips.get(vipId);
      if (entry) push(kind === "trusted_sender" ? "trusted_senders" : "spacy_vip_senders", checksumLine(sourceId, [entry.kind, entry.value]));
    }
  }
  for (const [sourceId, ruleId] of await mappings(sql, userId, "auto_rule")) {
    const rule = await getRule(sql, dataKey, userId, ruleId);
    if (rule) push("auto_rules", checksumLine(sourceId, [rule.name]));
  }
}
