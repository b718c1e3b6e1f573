/**
 * The JSON part of an export (`user-data.json`): what the user made and
 * what was learned for them, decrypted, with every message named by its
 * portable identity (./portable-identity.ts) and every folder, tag and
 * account by a `ref` (its id here) that the document also describes, so
 * restoreUserData (./restore.ts) can map rules onto another install.
 * No secrets: no password hashes, no mail account credentials, no tokens,
 * no second-factor secrets, no data-key wraps.
 */
import { decrypt, decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { CorrectableField } from "../analysis/analysis-store.ts";
import { senderBinding } from "../analysis/sender-patterns.ts";
import { analysisBinding, type Analysis, type Provenance } from "../analysis/types.ts";
import { messageBinding } from "../inbox/message.ts";
import type { RuleDefinition, RuleMode } from "../rules/rule-schema.ts";
import { listRules } from "../rules/store.ts";
import { listVipSenders } from "../senders/vip.ts";
import { decryptTagName } from "../tags/tag-name.ts";
import { portableIdentity, type IdentityHeaders, type PortableIdentity } from "./portable-identity.ts";

export const USER_DATA_VERSION = 1;

export interface ExportedSettings {
  displayName: string;
  language: string | null;
  timeZone: string | null;
  keyMode: "background" | "strict";
  waitingDays: number;
  snoozeMoves: boolean;
  doneArchives: boolean;
  readOnOpen: boolean;
}

export interface UserDataDocument {
  version: typeof USER_DATA_VERSION;
  exportedAt: string;
  settings: ExportedSettings;
  /** Accounts and their folders, for rules' references (no credentials). */
  accounts: { ref: string; label: string; imapHost: string; folders: { ref: string; path: string; specialUse: string | null }[] }[];
  tags: { ref: string; name: string; colour: string | null }[];
  tagAssignments: { message: PortableIdentity; tag: string; source: string }[];
  analyses: { message: PortableIdentity; analysis: Analysis; provenance: Provenance; correctedFields: CorrectableField[]; analysedAt: string }[];
  /** features: the local analyser's feature vector of the message, as it stores it (base64 of float32s), to rebuild the model. */
  corrections: { message: PortableIdentity | null; field: CorrectableField; oldValue: string | null; newValue: string; features: string | null; createdAt: string }[];
  rules: { ref: string; name: string; position: number; enabled: boolean; mode: RuleMode; accountIds: string[] | null; folderIds: string[] | null; definition: RuleDefinition }[];
  senderPatterns: {
    sender: string;
    counts: unknown;
    labels: unknown;
    messages: number;
    corrections: number;
    unsubscribedAt: string | null;
    alwaysArchive: boolean;
    lastUsedAt: string;
  }[];
  vipSenders: { kind: "address" | "domain"; value: string }[];
}

/** Messages decrypted per query when the identities are computed. */
const IDENTITY_BATCH = 500;

/** Every message's portable identity (by message id), decrypting the header documents in batches. */
export async function messageIdentities(sql: Sql, dataKey: SecretKey, userId: string): Promise<Map<string, PortableIdentity>> {
  const identities = new Map<string, PortableIdentity>();
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await sql<{ id: string; headers: Uint8Array }[]>`
      select id, headers_encrypted as headers from messages where user_id = ${userId} and id > ${after} order by id limit ${IDENTITY_BATCH}`;
    for (const row of rows) {
      const headers = JSON.parse(decryptText(dataKey, row.headers, messageBinding(userId, row.id, "message-headers"))) as IdentityHeaders;
      identities.set(row.id, portableIdentity(headers));
    }
    if (rows.length < IDENTITY_BATCH) return identities;
    after = rows.at(-1)!.id;
  }
}

export async function collectUserData(sql: Sql, dataKey: SecretKey, userId: string, identities: Map<string, PortableIdentity>): Promise<UserDataDocument> {
  const identityOf = (messageId: string | null) => (messageId ? identities.get(messageId) : undefined);
  const [settings] = await sql<ExportedSettings[]>`
    select display_name as "displayName", language, time_zone as "timeZone", key_mode as "keyMode", waiting_days as "waitingDays",
           snooze_moves as "snoozeMoves", done_archives as "doneArchives", read_on_open as "readOnOpen"
    from users where id = ${userId}`;
  const accounts = await sql<{ id: string; label: string; imapHost: string }[]>`
    select id, label, imap_host as "imapHost" from mail_accounts where user_id = ${userId} order by created_at, id`;
  const folders = await sql<{ id: string; accountId: string; path: string; specialUse: string | null }[]>`
    select id, account_id as "accountId", path, special_use as "specialUse" from folders where user_id = ${userId} order by path`;
  const tagRows = await sql<{ id: string; name: Uint8Array; colour: string | null }[]>`select id, name_encrypted as name, color as colour from tags where user_id = ${userId} order by created_at, id`;
  const assignments = await sql<{ messageId: string; tagId: string; source: string }[]>`
    select message_id as "messageId", tag_id as "tagId", source from message_tags where user_id = ${userId} order by message_id, tag_id`;
  const analysisRows = await sql<
    { messageId: string; detail: Uint8Array; provider: Provenance["provider"]; model: string | null; fallbackReason: string | null; correctedFields: CorrectableField[]; analysedAt: Date }[]
  >`
    select message_id as "messageId", detail_encrypted as detail, provider, model, fallback_reason as "fallbackReason",
           corrected_fields as "correctedFields", analysed_at as "analysedAt"
    from analyses where user_id = ${userId} order by message_id`;
  const correctionRows = await sql<{ messageId: string | null; field: CorrectableField; oldValue: string | null; newValue: string; features: Uint8Array | null; createdAt: Date }[]>`
    select message_id as "messageId", field, old_value as "oldValue", new_value as "newValue", features_encrypted as features, created_at as "createdAt"
    from corrections where user_id = ${userId} order by created_at, id`;
  const patternRows = await sql<
    { hash: Buffer; sender: Uint8Array; counts: unknown; labels: unknown; messages: number; corrections: number; unsubscribedAt: Date | null; alwaysArchive: boolean; lastUsedAt: Date }[]
  >`
    select sender_hash as hash, sender_encrypted as sender, counts, labels, messages, corrections, unsubscribed_at as "unsubscribedAt",
           always_archive as "alwaysArchive", last_used_at as "lastUsedAt"
    from sender_patterns where user_id = ${userId} order by created_at`;

  return {
    version: USER_DATA_VERSION,
    exportedAt: new Date().toISOString(),
    settings: settings!,
    accounts: accounts.map((account) => ({
      ref: account.id,
      label: account.label,
      imapHost: account.imapHost,
      folders: folders.filter((folder) => folder.accountId === account.id).map((folder) => ({ ref: folder.id, path: folder.path, specialUse: folder.specialUse })),
    })),
    tags: tagRows.map((tag) => ({ ref: tag.id, name: decryptTagName(dataKey, userId, tag.id, tag.name), colour: tag.colour })),
    tagAssignments: assignments.flatMap((row) => {
      const message = identityOf(row.messageId);
      return message ? [{ message, tag: row.tagId, source: row.source }] : [];
    }),
    analyses: analysisRows.flatMap((row) => {
      const message = identityOf(row.messageId);
      if (!message) return [];
      const analysis = JSON.parse(decryptText(dataKey, row.detail, analysisBinding(userId, row.messageId))) as Analysis;
      return [
        {
          message,
          analysis,
          provenance: { provider: row.provider, model: row.model, fallbackReason: row.fallbackReason },
          correctedFields: row.correctedFields,
          analysedAt: row.analysedAt.toISOString(),
        },
      ];
    }),
    corrections: correctionRows.map((row) => ({
      message: identityOf(row.messageId) ?? null,
      field: row.field,
      oldValue: row.oldValue,
      newValue: row.newValue,
      features: row.features ? decrypt(dataKey, row.features, { owner: userId, purpose: "correction-features" }).toString("utf8") : null,
      createdAt: row.createdAt.toISOString(),
    })),
    rules: (await listRules(sql, dataKey, userId)).map((rule) => ({
      ref: rule.id,
      name: rule.name,
      position: rule.position,
      enabled: rule.enabled,
      mode: rule.mode,
      accountIds: rule.accountIds,
      folderIds: rule.folderIds,
      definition: rule.definition,
    })),
    senderPatterns: patternRows.map((row) => ({
      sender: decryptText(dataKey, row.sender, senderBinding(userId, Buffer.from(row.hash))),
      counts: row.counts,
      labels: row.labels,
      messages: row.messages,
      corrections: row.corrections,
      unsubscribedAt: row.unsubscribedAt?.toISOString() ?? null,
      alwaysArchive: row.alwaysArchive,
      lastUsedAt: row.lastUsedAt.toISOString(),
    })),
    vipSenders: (await listVipSenders(sql, dataKey, userId)).map((entry) => ({ kind: entry.kind, value: entry.value })),
  };
}
