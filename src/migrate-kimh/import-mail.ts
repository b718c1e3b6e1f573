/**
 * One user's mail: accounts with their credentials, messages rebuilt from
 * their parts and stored through storeBatch (./rebuild-message.ts), their
 * attachments, analyses and the user's corrections.
 */
import { applyCorrection, type CorrectionInput } from "../analysis/corrections.ts";
import { writeAnalysis } from "../analysis/analysis-store.ts";
import { learnFromAnalysis } from "../analysis/sender-patterns.ts";
import type { Analysis, Category, Level } from "../analysis/types.ts";
import { PROVIDER_KINDS, type ProviderKind } from "../analysis/types.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { createMailAccount, setMailAccountEnabled } from "../mail/accounts/store.ts";
import { identityKeys } from "../mail/message-identity.ts";
import { parseMessage } from "../mail/parse/parse-message.ts";
import { storeBatch, type FetchedMessage } from "../mail/sync/store.ts";
import { attachmentCanonical, messageCanonical, senderAddress } from "./canonical.ts";
import { decryptKimhText, KimhDecryptError } from "./kimh-crypto.ts";
import { mappings, remember } from "./mapping.ts";
import { rebuildMessage, type KimhMessageParts } from "./rebuild-message.ts";
import { checksumLine, sha256Hex } from "./report.ts";
import { asBool, asDate, asInt, asText } from "./source.ts";
import { decryptFailed, type UserImport } from "./user-import.ts";

/** Messages per storeBatch: one transaction each, like a sync's batch. */
const STORE_BATCH = 100;

const KATEGORIE: Record<string, Category> = { aktion_erforderlich: "action_required", dringend: "urgent", nur_information: "information" };
const level = (value: unknown, fallback: Level): Level => {
  const n = asInt(value);
  return n === null || Number.isNaN(n) ? fallback : (Math.min(3, Math.max(1, Math.round(n))) as Level);
};
const jsonList = (value: string | null): string[] => {
  if (!value) return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String).filter(Boolean) : [String(parsed)];
  } catch {
    return [value];
  }
};

function decrypt(work: UserImport, value: unknown): string | null {
  return decryptKimhText(work.kimhKey, asText(value));
}

export async function importAccounts(work: UserImport, rows: Record<string, unknown>[]): Promise<Map<string, string>> {
  const tally = work.report.tally("mail_accounts");
  const done = work.userId ? await mappings(work.sql, work.userId, "mail_account") : new Map<string, string>();
  const accounts = new Map<string, string>();
  for (const row of rows) {
    tally.read++;
    const sourceId = String(row.id);
    if (asText(row.auth_type) === "oauth") {
      tally.skip("OAuth account: KI-Mail-Helper's tokens do not carry over; link it again with an app password");
      continue;
    }
    let host: string | null;
    let username: string | null;
    let password: string | null;
    try {
      host = decrypt(work, row.encrypted_imap_server);
      username = decrypt(work, row.encrypted_imap_username);
      password = decrypt(work, row.encrypted_imap_password);
    } catch (error) {
      if (!(error instanceof KimhDecryptError)) throw error;
      tally.skip(decryptFailed);
      continue;
    }
    if (!host || !username || !password) {
      tally.skip("no IMAP server, user name or password");
      continue;
    }
    const port = asInt(row.imap_port) ?? 993;
    tally.sourceLines.push(checksumLine(sourceId, [host.trim().toLowerCase(), port, username, password]));
    const existing = done.get(sourceId);
    if (existing) {
      tally.present++;
      accounts.set(sourceId, existing);
      continue;
    }
    tally.written++;
    if (work.dryRun || !work.userId || !work.dataKey) {
      accounts.set(sourceId, `dry-run:${sourceId}`);
      continue;
    }
    // KI-Mail-Helper's fetcher ignored imap_encryption and always used TLS: so do we.
    const account = await createMailAccount(work.sql, work.dataKey, work.userId, {
      label: asText(row.name) || host,
      host: host.trim().toLowerCase(),
      port,
      security: "tls",
      username,
      password,
    });
    if (!asBool(row.enabled ?? true)) await setMailAccountEnabled(work.sql, work.userId, account.id, false);
    await remember(work.sql, work.userId, "mail_account", sourceId, account.id);
    accounts.set(sourceId, account.id);
  }
  return accounts;
}

async function folderId(work: UserImport, accountId: string, path: string): Promise<string> {
  const known = work.folders.find((folder) => folder.accountId === accountId && folder.path === path);
  if (known) return known.folderId;
  const name = path.split(/[/.]/).pop() || path;
  const specialUse = path.toUpperCase() === "INBOX" ? "inbox" : null;
  // Not marked synced (no UIDVALIDITY): the account's first sync reads the folder, and storeBatch finds these messages by identity.
  await work.sql`
    insert into folders (account_id, user_id, path, name, special_use) values (${accountId}, ${work.userId}, ${path}, ${name}, ${specialUse})
    on conflict (account_id, path) do nothing`;
  const [row] = await work.sql<{ id: string }[]>`select id from folders where account_id = ${accountId} and path = ${path} and user_id = ${work.userId}`;
  work.folders.push({ accountId, folderId: row!.id, path });
  return row!.id;
}

interface PendingMessage {
  sourceId: string;
  folder: string;
  uidvalidity: bigint;
  uid: number;
  flags: string[];
  date: Date | null;
  raw: Uint8Array;
  attachmentIds: string[];
}

function imapFlags(row: Record<string, unknown>): string[] {
  return [
    ...(asBool(row.imap_is_seen) ? ["\\Seen"] : []),
    ...(asBool(row.imap_is_answered) ? ["\\Answered"] : []),
    ...(asBool(row.imap_is_flagged) ? ["\\Flagged"] : []),
    ...(asBool(row.imap_is_draft) ? ["\\Draft"] : []),
  ];
}

/** The account's messages and their attachments. */
export async function importMessages(work: UserImport, sourceAccountId: string, accountId: string): Promise<void> {
  const messages = work.report.tally("raw_emails");
  const attachmentsTally = work.report.tally("email_attachments");
  const doneMessages = work.userId ? await mappings(work.sql, work.userId, "raw_email") : new Map<string, string>();
  const doneAttachments = work.userId ? await mappings(work.sql, work.userId, "email_attachment") : new Map<string, string>();
  const rows = await work.source.rowsWhere("raw_emails", "mail_account_id", Number(sourceAccountId));
  const pending: PendingMessage[] = [];
  for (const row of rows) {
    if (String(row.user_id) !== String(work.kimhUserId)) continue; // another user's row would be a broken source: not ours to read
    messages.read++;
    const sourceId = String(row.id);
    const attachmentRows = await work.source.rowsWhere("email_attachments", "raw_email_id", Number(row.id));
    attachmentsTally.read += attachmentRows.length;
    const skipWith = (reason: string) => {
      messages.skip(reason);
      if (attachmentRows.length) attachmentsTally.skip("its message was not migrated", attachmentRows.length);
      work.messages.set(sourceId, { ourId: null, sender: null });
    };
    if (asDate(row.deleted_at)) {
      skipWith("deleted in KI-Mail-Helper");
      continue;
    }
    const uid = asInt(row.imap_uid);
    const folder = asText(row.imap_folder);
    if (uid === null || !folder) {
      skipWith("no IMAP folder and UID");
      continue;
    }
    let parts: KimhMessageParts;
    try {
      const contentType = asText(row.content_type) ?? "";
      const body = decrypt(work, row.encrypted_body) ?? "";
      parts = {
        messageId: asText(row.message_id),
        sender: decrypt(work, row.encrypted_sender),
        to: jsonList(decrypt(work, row.encrypted_to)),
        cc: jsonList(decrypt(work, row.encrypted_cc)),
        bcc: jsonList(decrypt(work, row.encrypted_bcc)),
        replyTo: jsonList(decrypt(work, row.encrypted_reply_to)),
        subject: decrypt(work, row.encrypted_subject) ?? "",
        body,
        html: contentType.includes("html") || /^\s*<(!doctype|html|body|div|p|table)\b/i.test(body),
        inReplyTo: decrypt(work, row.encrypted_in_reply_to),
        references: decrypt(work, row.encrypted_references),
        date: asDate(row.received_at),
        attachments: attachmentRows.map((attachment) => ({
          filename: asText(attachment.filename) ?? "attachment",
          mimeType: asText(attachment.mime_type) ?? "application/octet-stream",
          // encrypted_data holds the content as base64 text, encrypted like every other column.
          content: Buffer.from(decrypt(work, attachment.encrypted_data) ?? "", "base64"),
        })),
      };
    } catch (error) {
      if (!(error instanceof KimhDecryptError)) throw error;
      skipWith(decryptFailed);
      continue;
    }
    const sender = senderAddress(parts.sender);
    work.messages.set(sourceId, { ourId: doneMessages.get(sourceId) ?? (work.dryRun ? `dry-run:${sourceId}` : null), sender });
    if (sender) work.senders.set(sha256Hex(sender), sender);
    messages.sourceLines.push(checksumLine(sourceId, messageCanonical({ messageId: parts.messageId, subject: parts.subject, sender: parts.sender, body: parts.body })));
    attachmentRows.forEach((attachment, index) => {
      attachmentsTally.sourceLines.push(checksumLine(String(attachment.id), attachmentCanonical(parts.attachments[index]!.filename, parts.attachments[index]!.content)));
    });
    if (doneMessages.has(sourceId)) {
      messages.present++;
      for (const attachment of attachmentRows) {
        if (doneAttachments.has(String(attachment.id))) attachmentsTally.present++;
        else attachmentsTally.written++; // cannot happen without a crash between the two: mapped below
      }
      continue;
    }
    messages.written++;
    attachmentsTally.written += attachmentRows.length;
    if (work.dryRun) {
      // The folder the import would make, so rules that name it translate as they will.
      if (!work.folders.some((known) => known.accountId === accountId && known.path === folder)) work.folders.push({ accountId, folderId: crypto.randomUUID(), path: folder });
      continue;
    }
    pending.push({
      sourceId,
      folder,
      uidvalidity: BigInt(asInt(row.imap_uidvalidity) ?? 0),
      uid,
      flags: imapFlags(row),
      date: parts.date,
      raw: rebuildMessage(parts),
      attachmentIds: attachmentRows.map((attachment) => String(attachment.id)),
    });
  }
  if (work.dryRun || !work.userId || !work.dataKey) return;
  const identity = identityKeys(work.dataKey);
  const groups = new Map<string, PendingMessage[]>();
  for (const message of pending) {
    const key = `${message.folder}\u0000${message.uidvalidity}`;
    groups.set(key, [...(groups.get(key) ?? []), message]);
  }
  for (const group of groups.values()) {
    const folder = await folderId(work, accountId, group[0]!.folder);
    for (let i = 0; i < group.length; i += STORE_BATCH) {
      const chunk = group.slice(i, i + STORE_BATCH);
      const parsed = await Promise.all(chunk.map((message) => parseMessage(message.raw)));
      const batch: FetchedMessage[] = chunk.map((message, index) => ({
        uid: message.uid,
        flags: message.flags,
        modseq: null,
        internalDate: message.date,
        size: message.raw.byteLength,
        parsed: parsed[index]!,
      }));
      await storeBatch(work.sql, { userId: work.userId, accountId, folderId: folder, uidvalidity: group[0]!.uidvalidity, dataKey: work.dataKey, identity }, batch);
      await rememberStored(work, folder, chunk);
    }
  }
}

/** Each stored message's id by its copy (storeBatch finds a known message by identity, so this is the one it kept), and its attachments by position. */
async function rememberStored(work: UserImport, folder: string, chunk: PendingMessage[]): Promise<void> {
  const userId = work.userId!;
  const copies = await work.sql<{ uid: number; messageId: string }[]>`
    select c.uid::int as uid, c.message_id as "messageId" from message_copies c join messages m on m.id = c.message_id
    where c.folder_id = ${folder} and c.uidvalidity = ${String(chunk[0]!.uidvalidity)} and m.user_id = ${userId}
      and c.uid = any(${chunk.map((message) => message.uid)}::bigint[])`;
  const byUid = new Map(copies.map((copy) => [copy.uid, copy.messageId]));
  for (const message of chunk) {
    const ourId = byUid.get(message.uid);
    if (!ourId) continue;
    await work.sql.begin(async (tx) => {
      const attachments = await tx<{ id: string }[]>`select id from attachments where message_id = ${ourId} and user_id = ${userId} and not inline order by part_index`;
      for (const [index, sourceId] of message.attachmentIds.entries()) {
        if (attachments[index]) await remember(tx, userId, "email_attachment", sourceId, attachments[index]!.id);
      }
      await remember(tx, userId, "raw_email", message.sourceId, ourId);
    });
    const entry = work.messages.get(message.sourceId);
    if (entry) entry.ourId = ourId;
  }
}

function providerOf(value: string | null): ProviderKind {
  return value && (PROVIDER_KINDS as readonly string[]).includes(value) ? (value as ProviderKind) : "local";
}

/** Analyses of the user's migrated messages, and their corrections. */
export async function importAnalyses(work: UserImport, rows: Record<string, unknown>[]): Promise<void> {
  const analyses = work.report.tally("processed_emails");
  const corrections = work.report.tally("corrections");
  const doneAnalyses = work.userId ? await mappings(work.sql, work.userId, "processed_email") : new Map<string, string>();
  const doneCorrections = work.userId ? await mappings(work.sql, work.userId, "correction") : new Map<string, string>();
  for (const row of rows) {
    analyses.read++;
    const sourceId = String(row.id);
    const rawId = String(row.raw_email_id);
    work.processed.set(sourceId, rawId);
    const overrides: CorrectionInput = {};
    const urgency = asInt(row.user_override_dringlichkeit);
    const importance = asInt(row.user_override_wichtigkeit);
    const category = KATEGORIE[asText(row.user_override_kategorie) ?? ""];
    if (urgency !== null) overrides.urgency = level(urgency, 2);
    if (importance !== null) overrides.importance = level(importance, 2);
    if (category) overrides.category = category;
    if (row.user_override_spam_flag !== null && row.user_override_spam_flag !== undefined) overrides.spam = asBool(row.user_override_spam_flag);
    const hasCorrection = Object.keys(overrides).length > 0;
    if (hasCorrection) corrections.read++;
    const message = work.messages.get(rawId);
    if (!message?.ourId && !(message && !work.dryRun && doneAnalyses.has(sourceId))) {
      analyses.skip("its message was not migrated");
      if (hasCorrection) corrections.skip("its message was not migrated");
      continue;
    }
    let summary: string;
    try {
      summary = decrypt(work, row.encrypted_summary_de) ?? "";
    } catch (error) {
      if (!(error instanceof KimhDecryptError)) throw error;
      analyses.skip(decryptFailed);
      if (hasCorrection) corrections.skip("its analysis was not migrated");
      continue;
    }
    const reason = { code: "kimh_import" };
    const judged = <T>(value: T) => ({ value, confidence: 0.7, reason });
    const analysis: Analysis = {
      urgency: judged(level(row.dringlichkeit, 2)),
      importance: judged(level(row.wichtigkeit, 2)),
      category: judged(KATEGORIE[asText(row.kategorie_aktion) ?? ""] ?? "information"),
      spam: judged(asBool(row.spam_flag)),
      newsletter: judged(false),
      summary,
      language: null,
      tags: [],
    };
    const canonical = [analysis.urgency.value, analysis.importance.value, analysis.category.value, analysis.spam.value, summary];
    const ourId = message!.ourId!;
    if (doneAnalyses.has(sourceId)) {
      analyses.present++;
      analyses.sourceLines.push(checksumLine(sourceId, canonical));
    } else if (!work.dryRun && (await work.sql`select 1 from analyses where message_id = ${ourId} and user_id = ${work.userId}`).length > 0) {
      analyses.skip("the message was already analysed here (synced before the import)");
      if (hasCorrection) corrections.skip("the message was already analysed here (synced before the import)");
      continue;
    } else {
      analyses.written++;
      analyses.sourceLines.push(checksumLine(sourceId, canonical));
      if (!work.dryRun) {
        const userId = work.userId!;
        const dataKey = work.dataKey as SecretKey;
        await work.sql.begin(async (tx) => {
          await writeAnalysis(tx, dataKey, userId, ourId, analysis, { provider: providerOf(asText(row.base_provider)), model: asText(row.base_model), fallbackReason: null });
          // The analysis counts for its sender, as a synced message's first one does: the sender patterns re-derived from migrated mail.
          await learnFromAnalysis(tx, dataKey, userId, ourId, message!.sender, analysis);
          await remember(tx, userId, "processed_email", sourceId, ourId);
        });
      }
    }
    if (!hasCorrection) continue;
    corrections.sourceLines.push(checksumLine(sourceId, correctionCanonical(overrides)));
    if (doneCorrections.has(sourceId)) {
      corrections.present++;
      continue;
    }
    corrections.written++;
    if (work.dryRun) continue;
    const result = await applyCorrection(work.sql, work.dataKey!, work.userId!, ourId, overrides);
    // The corrected fields go with the mapping: the target side reads their values back from our analysis.
    if (result.ok) await remember(work.sql, work.userId!, "correction", sourceId, `${ourId}|${Object.keys(overrides).join(",")}`);
  }
}

/** The corrected values, in field order; the target side reads them from our analysis's corrected fields. */
export function correctionCanonical(values: Partial<Record<"urgency" | "importance" | "category" | "spam", unknown>>): string[] {
  return (["urgency", "importance", "category", "spam"] as const).filter((field) => values[field] !== undefined).map((field) => `${field}=${String(values[field])}`);
}
