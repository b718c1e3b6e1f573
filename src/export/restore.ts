/**
 * Applies the JSON part of an export (`user-data.json`, ./user-data.ts) to
 * a user whose mailbox already holds the same messages: synced again from
 * the same server, or imported from the archive's mbox files. Messages are
 * matched by their portable identity (./portable-identity.ts), tags by
 * name, folders by account and path, accounts by label (else host, else
 * the only one). Everything goes through the same domain functions the
 * pages use (tag assignments reach the server through the action journal).
 *
 * Idempotent: what is already there is counted as skipped, so a second run
 * applies nothing.
 *
 * @example
 *   const report = await restoreUserData(sql, userId, dataKey, JSON.parse(text));
 *   // report.analyses → { applied: 120, skipped: 3 }
 */
import { isDeepStrictEqual } from "node:util";
import { type CorrectableField, readAnalysis, writeAnalysis } from "../analysis/analysis-store.ts";
import { senderBinding, senderHash } from "../analysis/sender-patterns.ts";
import { encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { parseRuleDefinition } from "../rules/rule-schema.ts";
import { createRule, listRules } from "../rules/store.ts";
import { addVipSender } from "../senders/vip.ts";
import { addTag, type TagSource } from "../tags/assign.ts";
import { createTag, tagIdByName } from "../tags/store.ts";
import { cleanTagName, TAG_COLOURS, type TagColour } from "../tags/tag-name.ts";
import { identityKey, type PortableIdentity } from "./portable-identity.ts";
import type { RestoreNote } from "./restore-notes.ts";
import { messageIdentities, USER_DATA_VERSION, type UserDataDocument } from "./user-data.ts";

export interface PartCount {
  applied: number;
  skipped: number;
}

export interface RestoreReport {
  settings: PartCount;
  tags: PartCount;
  tagAssignments: PartCount;
  analyses: PartCount;
  corrections: PartCount;
  rules: PartCount;
  senderPatterns: PartCount;
  vipSenders: PartCount;
  /** Why things were skipped other than "already there": a message not in this mailbox, a rule naming a folder this user lacks. */
  notes: RestoreNote[];
}

export class RestoreError extends Error {
  override name = "RestoreError";
  readonly code = "NOT_USER_DATA";
}

const count = (): PartCount => ({ applied: 0, skipped: 0 });

function checkDocument(input: unknown): UserDataDocument {
  const doc = input as Partial<UserDataDocument> | null;
  const arrays = ["accounts", "tags", "tagAssignments", "analyses", "corrections", "rules", "senderPatterns", "vipSenders"] as const;
  if (!doc || typeof doc !== "object" || doc.version !== USER_DATA_VERSION || typeof doc.settings !== "object" || arrays.some((name) => !Array.isArray(doc[name]))) {
    throw new RestoreError(`not a Mail Helper user-data.json of version ${USER_DATA_VERSION}`);
  }
  return doc as UserDataDocument;
}

/** This user's messages by portable identity (the first, when two accounts hold the same message). */
async function targetMessages(sql: Sql, dataKey: SecretKey, userId: string): Promise<(identity: PortableIdentity | null) => string | undefined> {
  const byKey = new Map<string, string>();
  const identities = await messageIdentities(sql, dataKey, userId);
  for (const [id, identity] of identities) if (!byKey.has(identityKey(identity))) byKey.set(identityKey(identity), id);
  return (identity) => (identity ? byKey.get(identityKey(identity)) : undefined);
}

async function restoreSettings(sql: Sql, userId: string, doc: UserDataDocument, report: RestoreReport): Promise<void> {
  const s = doc.settings;
  // The key mode is not restored: changing it needs the password (src/http/routes/account/security.tsx).
  const rows = await sql`
    update users set display_name = ${s.displayName}, language = ${s.language}, time_zone = ${s.timeZone}, waiting_days = ${s.waitingDays},
           snooze_moves = ${s.snoozeMoves}, done_archives = ${s.doneArchives}, read_on_open = ${s.readOnOpen}
    where id = ${userId} and (display_name, language, time_zone, waiting_days, snooze_moves, done_archives, read_on_open)
          is distinct from (${s.displayName}, ${s.language}, ${s.timeZone}, ${s.waitingDays}::smallint, ${s.snoozeMoves}, ${s.doneArchives}, ${s.readOnOpen})
    returning 1`;
  report.settings[rows.length ? "applied" : "skipped"]++;
}

async function restoreTags(sql: Sql, dataKey: SecretKey, userId: string, doc: UserDataDocument, report: RestoreReport): Promise<Map<string, string>> {
  const tagIds = new Map<string, string>();
  for (const tag of doc.tags) {
    const name = cleanTagName(tag.name);
    const existing = await tagIdByName(sql, dataKey, userId, name);
    if (existing) {
      tagIds.set(tag.ref, existing);
      report.tags.skipped++;
      continue;
    }
    const colour = TAG_COLOURS.includes(tag.colour as TagColour) ? (tag.colour as TagColour) : null;
    const created = await createTag(sql, dataKey, userId, name, colour);
    if (created.ok) {
      tagIds.set(tag.ref, created.tag.id);
      report.tags.applied++;
    } else {
      if (created.reason === "duplicate") tagIds.set(tag.ref, created.tagId);
      report.tags.skipped++;
      if (created.reason === "too_many") report.notes.push({ code: "tag_limit", params: { tag: name } });
    }
  }
  return tagIds;
}

async function restoreTagAssignments(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  doc: UserDataDocument,
  tagIds: Map<string, string>,
  messageOf: (identity: PortableIdentity) => string | undefined,
  report: RestoreReport,
) {
  const groups = new Map<string, { tagId: string; source: TagSource; messageIds: string[] }>();
  let missing = 0;
  for (const assignment of doc.tagAssignments) {
    const tagId = tagIds.get(assignment.tag);
    const messageId = messageOf(assignment.message);
    if (!tagId || !messageId) {
      missing++;
      report.tagAssignments.skipped++;
      continue;
    }
    const source: TagSource = assignment.source === "ai" || assignment.source === "rule" ? assignment.source : "user";
    const key = `${tagId}/${source}`;
    const group = groups.get(key) ?? { tagId, source, messageIds: [] };
    group.messageIds.push(messageId);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const change = await addTag(sql, dataKey, userId, group.tagId, group.messageIds, { source: group.source });
    const changed = change?.changed.length ?? 0;
    report.tagAssignments.applied += changed;
    report.tagAssignments.skipped += group.messageIds.length - changed;
  }
  if (missing) report.notes.push({ code: "tag_assignments_missing", params: { count: missing } });
}

async function restoreAnalyses(sql: Sql, dataKey: SecretKey, userId: string, doc: UserDataDocument, messageOf: (identity: PortableIdentity) => string | undefined, report: RestoreReport) {
  let missing = 0;
  for (const entry of doc.analyses) {
    const messageId = messageOf(entry.message);
    if (!messageId) {
      missing++;
      report.analyses.skipped++;
      continue;
    }
    const applied = await sql.begin(async (tx) => {
      const current = await readAnalysis(tx, dataKey, userId, messageId, true);
      if (current && isDeepStrictEqual(current.analysis, entry.analysis) && isDeepStrictEqual([...current.correctedFields].sort(), [...entry.correctedFields].sort())) return false;
      // The exported values win over this install's, corrected fields included.
      await tx`update analyses set corrected_fields = '{}' where message_id = ${messageId} and user_id = ${userId}`;
      if (!(await writeAnalysis(tx, dataKey, userId, messageId, entry.analysis, entry.provenance))) return false;
      await tx`update analyses set corrected_fields = ${entry.correctedFields as CorrectableField[]}::text[] where message_id = ${messageId} and user_id = ${userId}`;
      return true;
    });
    report.analyses[applied ? "applied" : "skipped"]++;
  }
  if (missing) report.notes.push({ code: "analyses_missing", params: { count: missing } });
}

async function restoreCorrections(sql: Sql, dataKey: SecretKey, userId: string, doc: UserDataDocument, messageOf: (identity: PortableIdentity | null) => string | undefined, report: RestoreReport) {
  for (const entry of doc.corrections) {
    const messageId = messageOf(entry.message) ?? null;
    const features = typeof entry.features !== "string" ? null : encrypt(dataKey, entry.features, { owner: userId, purpose: "correction-features" });
    // The same correction (message, field, values, time) is there already: skipped.
    const rows = await sql`
      insert into corrections (user_id, message_id, field, old_value, new_value, features_encrypted, created_at)
      select ${userId}, ${messageId}, ${entry.field}, ${entry.oldValue}, ${entry.newValue}, ${features}, ${entry.createdAt}::timestamptz
      where not exists (
        select 1 from corrections where user_id = ${userId} and message_id is not distinct from ${messageId}::uuid and field = ${entry.field}
          and old_value is not distinct from ${entry.oldValue} and new_value = ${entry.newValue} and created_at = ${entry.createdAt}::timestamptz)
      returning 1`;
    report.corrections[rows.length ? "applied" : "skipped"]++;
  }
}

/** Exported folder and account refs → this user's ids. */
async function referenceMap(sql: Sql, userId: string, doc: UserDataDocument, tagIds: Map<string, string>): Promise<{ map: Map<string, string>; exported: Set<string> }> {
  const accounts = await sql<{ id: string; label: string; imapHost: string }[]>`select id, label, imap_host as "imapHost" from mail_accounts where user_id = ${userId} order by created_at, id`;
  const folders = await sql<{ id: string; accountId: string; path: string }[]>`select id, account_id as "accountId", path from folders where user_id = ${userId} order by path`;
  const map = new Map(tagIds);
  const exported = new Set<string>(doc.tags.map((tag) => tag.ref));
  for (const account of doc.accounts) {
    exported.add(account.ref);
    const target =
      accounts.find((candidate) => candidate.label === account.label) ??
      accounts.find((candidate) => candidate.imapHost === account.imapHost) ??
      (accounts.length === 1 && doc.accounts.length === 1 ? accounts[0] : undefined);
    if (target) map.set(account.ref, target.id);
    for (const folder of account.folders) {
      exported.add(folder.ref);
      const found = folders.find((candidate) => candidate.path === folder.path && (!target || candidate.accountId === target.id));
      if (found) map.set(folder.ref, found.id);
    }
  }
  return { map, exported };
}

/** Replaces every exported ref in a JSON value; undefined when one has no counterpart here. */
function remap<T>(value: T, refs: { map: Map<string, string>; exported: Set<string> }): T | undefined {
  let unmapped = false;
  const text = JSON.stringify(value, (_key, item) => {
    if (typeof item !== "string" || !refs.exported.has(item)) return item;
    const mapped = refs.map.get(item);
    if (!mapped) unmapped = true;
    return mapped ?? item;
  });
  return unmapped ? undefined : (JSON.parse(text) as T);
}

async function restoreRules(sql: Sql, dataKey: SecretKey, userId: string, doc: UserDataDocument, tagIds: Map<string, string>, report: RestoreReport) {
  const refs = await referenceMap(sql, userId, doc, tagIds);
  const existing = await listRules(sql, dataKey, userId);
  for (const rule of [...doc.rules].sort((a, b) => a.position - b.position)) {
    const mapped = remap({ definition: rule.definition, accountIds: rule.accountIds, folderIds: rule.folderIds }, refs);
    const parsed = mapped ? parseRuleDefinition(mapped.definition) : undefined;
    if (!mapped || !parsed?.ok) {
      report.rules.skipped++;
      report.notes.push({ code: mapped ? "rule_invalid" : "rule_unmapped", params: { rule: rule.name } });
      continue;
    }
    const same = existing.some(
      (candidate) =>
        candidate.name === rule.name &&
        isDeepStrictEqual(candidate.definition, parsed.definition) &&
        isDeepStrictEqual(candidate.accountIds, mapped.accountIds) &&
        isDeepStrictEqual(candidate.folderIds, mapped.folderIds),
    );
    if (same) {
      report.rules.skipped++;
      continue;
    }
    const created = await createRule(sql, dataKey, userId, {
      name: rule.name,
      enabled: rule.enabled,
      mode: rule.mode,
      accountIds: mapped.accountIds,
      folderIds: mapped.folderIds,
      definition: parsed.definition,
    });
    if (created.ok) report.rules.applied++;
    else {
      report.rules.skipped++;
      report.notes.push({ code: "rule_limit", params: { rule: rule.name } });
    }
  }
}

async function restoreSenderPatterns(sql: Sql, dataKey: SecretKey, userId: string, doc: UserDataDocument, report: RestoreReport) {
  for (const pattern of doc.senderPatterns) {
    const hash = senderHash(dataKey, pattern.sender);
    const values = {
      counts: sql.json(pattern.counts as never),
      labels: sql.json(pattern.labels as never),
    };
    const rows = await sql`
      insert into sender_patterns (user_id, sender_hash, sender_encrypted, counts, labels, messages, corrections, unsubscribed_at, always_archive, last_used_at)
      values (${userId}, ${hash}, ${encrypt(dataKey, pattern.sender, senderBinding(userId, hash))}, ${values.counts}, ${values.labels}, ${pattern.messages},
              ${pattern.corrections}, ${pattern.unsubscribedAt}::timestamptz, ${pattern.alwaysArchive}, ${pattern.lastUsedAt}::timestamptz)
      on conflict (user_id, sender_hash) do update set
        counts = excluded.counts, labels = excluded.labels, messages = excluded.messages, corrections = excluded.corrections,
        unsubscribed_at = excluded.unsubscribed_at, always_archive = excluded.always_archive
      where (sender_patterns.counts, sender_patterns.labels, sender_patterns.messages, sender_patterns.corrections, sender_patterns.unsubscribed_at, sender_patterns.always_archive)
            is distinct from (excluded.counts, excluded.labels, excluded.messages, excluded.corrections, excluded.unsubscribed_at, excluded.always_archive)
      returning 1`;
    report.senderPatterns[rows.length ? "applied" : "skipped"]++;
  }
}

async function restoreVipSenders(sql: Sql, dataKey: SecretKey, userId: string, doc: UserDataDocument, report: RestoreReport) {
  for (const entry of doc.vipSenders) {
    const result = await addVipSender(sql, dataKey, userId, entry.value, entry.kind);
    report.vipSenders[result.outcome === "added" ? "applied" : "skipped"]++;
    if (result.outcome === "invalid" || result.outcome === "full") report.notes.push({ code: `vip_${result.outcome}`, params: { kind: entry.kind, value: entry.value } });
  }
}

/**
 * Applies analyses, corrections, tags and their assignments, rules, sender
 * patterns, the VIP list and settings from an export's user-data.json.
 *
 * @throws RestoreError when the document is not one this version reads
 */
export async function restoreUserData(sql: Sql, userId: string, dataKey: SecretKey, archiveJson: unknown): Promise<RestoreReport> {
  const doc = checkDocument(archiveJson);
  const report: RestoreReport = {
    settings: count(),
    tags: count(),
    tagAssignments: count(),
    analyses: count(),
    corrections: count(),
    rules: count(),
    senderPatterns: count(),
    vipSenders: count(),
    notes: [],
  };
  const messageOf = await targetMessages(sql, dataKey, userId);
  await restoreSettings(sql, userId, doc, report);
  const tagIds = await restoreTags(sql, dataKey, userId, doc, report);
  await restoreTagAssignments(sql, dataKey, userId, doc, tagIds, messageOf, report);
  await restoreAnalyses(sql, dataKey, userId, doc, messageOf, report);
  await restoreCorrections(sql, dataKey, userId, doc, messageOf, report);
  await restoreRules(sql, dataKey, userId, doc, tagIds, report);
  await restoreSenderPatterns(sql, dataKey, userId, doc, report);
  await restoreVipSenders(sql, dataKey, userId, doc, report);
  return report;
}
