/**
 * What the user says a sender's mail is, per user: the user's labels
 * (corrections and confirmations) per field and value. Only labels make a
 * pattern: the analyser's own verdicts are counted too (`counts`, for the
 * statistics), but a pattern built from them would only repeat its own
 * mistakes louder. One label decides the sender's next message
 * (HINT_OVERRIDES); labels that disagree only lean (a weak hint, weighed by
 * its confidence in ./local).
 *
 * The sender is stored as an HMAC of its normalised address (for lookups)
 * and encrypted (for the user's statistics), never in clear. The user's own
 * addresses never get a pattern (./message-input.ts gives them no sender).
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import { deriveKey, hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { TransactionSql } from "postgres";
import type { Queryable, Sql } from "../db/connection.ts";
import type { SenderHint } from "./local/index.ts";
import type { Analysis, Category, Level } from "./types.ts";
import type { CorrectableField } from "./analysis-store.ts";

/** Patterns not used for this long are deleted by the daily `prune_sender_patterns` job. */
export const SENDER_PATTERN_MAX_IDLE_DAYS = 180;

type Counts = Partial<Record<CorrectableField, Record<string, number>>>;

/** One label of the user: the field's value is `to` (and, when it was `from` before, not that). */
export interface SenderLabel {
  field: CorrectableField;
  from: string;
  to: string;
}

export function senderHash(dataKey: SecretKey, normalisedAddress: string): Buffer {
  return hmac(deriveKey(dataKey, "sender-pattern"), normalisedAddress);
}

export const senderBinding = (userId: string, hash: Buffer) => ({ owner: userId, purpose: `sender-pattern:${hash.toString("hex")}` });

/** The value a field's labels favour, with confidence = its share of them. */
function leader(labels: Record<string, number> | undefined): { value: string; confidence: number } | undefined {
  if (!labels) return undefined;
  const entries = Object.entries(labels).filter(([, count]) => count > 0);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total <= 0) return undefined;
  const [value, count] = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return { value, confidence: count / total };
}

export function hintFromLabels(labels: Counts): SenderHint {
  const hint: SenderHint = {};
  const category = leader(labels.category);
  if (category) hint.category = { value: category.value as Category, confidence: category.confidence };
  for (const field of ["urgency", "importance"] as const) {
    const lead = leader(labels[field]);
    if (lead) hint[field] = { value: Number(lead.value) as Level, confidence: lead.confidence };
  }
  for (const field of ["newsletter", "spam"] as const) {
    const lead = leader(labels[field]);
    if (lead) hint[field] = { value: lead.value === "true", confidence: lead.confidence };
  }
  return hint;
}

export async function senderHint(sql: Queryable, dataKey: SecretKey, userId: string, sender: string | null): Promise<SenderHint> {
  if (!sender) return {};
  const [row] = await sql<{ labels: Counts }[]>`select labels from sender_patterns where user_id = ${userId} and sender_hash = ${senderHash(dataKey, sender)}`;
  return row ? hintFromLabels(row.labels) : {};
}

function add(counts: Counts, field: CorrectableField, value: string, weight: number): void {
  const fieldCounts = (counts[field] ??= {});
  fieldCounts[value] = Math.max(0, (fieldCounts[value] ?? 0) + weight);
}

const voteOf = (analysis: Analysis, field: CorrectableField) => String(analysis[field].value);

/** Locks (creating if needed) the sender's row, lets `change` edit its votes or labels, and writes it back. */
async function updatePattern(
  tx: Queryable,
  dataKey: SecretKey,
  userId: string,
  sender: string,
  change: (pattern: { counts: Counts; labels: Counts }) => { messages: number; corrections: number },
): Promise<void> {
  const hash = senderHash(dataKey, sender);
  await tx`
    insert into sender_patterns (user_id, sender_hash, sender_encrypted) values (${userId}, ${hash}, ${encrypt(dataKey, sender, senderBinding(userId, hash))})
    on conflict (user_id, sender_hash) do nothing`;
  const [row] = await tx<{ counts: Counts; labels: Counts }[]>`select counts, labels from sender_patterns where user_id = ${userId} and sender_hash = ${hash} for update`;
  const added = change(row!);
  await tx`
    update sender_patterns set counts = ${tx.json(row!.counts as never)}, labels = ${tx.json(row!.labels as never)},
           messages = messages + ${added.messages}, corrections = corrections + ${added.corrections}, last_used_at = now()
    where user_id = ${userId} and sender_hash = ${hash}`;
}

/** The message remembers its sender's pattern (none for the user's own mail), so a correction can find the sender's other mail. */
export async function rememberSender(sql: Queryable, dataKey: SecretKey, userId: string, messageId: string, sender: string | null): Promise<void> {
  await sql`update messages set sender_hash = ${sender ? senderHash(dataKey, sender) : null} where id = ${messageId} and user_id = ${userId}`;
}

/**
 * A new message's first analysis counts once for its sender (statistics
 * only), and the message remembers its sender's pattern; in the transaction
 * that stores the analysis, so neither is kept without the other.
 */
export async function learnFromAnalysis(tx: TransactionSql, dataKey: SecretKey, userId: string, messageId: string, sender: string | null, analysis: Analysis): Promise<void> {
  if (!sender) return;
  await rememberSender(tx, dataKey, userId, messageId, sender);
  await updatePattern(tx, dataKey, userId, sender, ({ counts }) => {
    for (const field of ["urgency", "importance", "category", "spam", "newsletter"] as const) add(counts, field, voteOf(analysis, field), 1);
    return { messages: 1, corrections: 0 };
  });
}

/**
 * The user's labels for one message: each says what the field is and, when
 * it changes the value, takes back an earlier label saying what it was
 * (a user who changed their mind is not outvoted by themselves).
 */
export async function learnFromLabels(tx: Queryable, dataKey: SecretKey, userId: string, sender: string | null, labels: SenderLabel[]): Promise<void> {
  if (!sender || labels.length === 0) return;
  await updatePattern(tx, dataKey, userId, sender, (pattern) => {
    for (const label of labels) {
      add(pattern.labels, label.field, label.to, 1);
      if (label.from !== label.to) add(pattern.labels, label.field, label.from, -1);
    }
    return { messages: 0, corrections: 1 };
  });
}

export interface SenderPatternStats {
  sender: string;
  messages: number;
  corrections: number;
  hint: SenderHint;
  lastUsedAt: Date;
}

/** The user's patterns, most used first. */
export async function listSenderPatterns(sql: Sql, dataKey: SecretKey, userId: string, limit = 200): Promise<SenderPatternStats[]> {
  const rows = await sql<{ hash: Buffer; sender: Uint8Array; labels: Counts; messages: number; corrections: number; lastUsedAt: Date }[]>`
    select sender_hash as hash, sender_encrypted as sender, labels, messages, corrections, last_used_at as "lastUsedAt"
    from sender_patterns where user_id = ${userId} order by corrections desc, messages desc, last_used_at desc limit ${limit}`;
  return rows.map((row) => ({
    sender: decryptText(dataKey, row.sender, senderBinding(userId, Buffer.from(row.hash))),
    messages: row.messages,
    corrections: row.corrections,
    hint: hintFromLabels(row.labels),
    lastUsedAt: row.lastUsedAt,
  }));
}

/** Deletes patterns of all users not used for SENDER_PATTERN_MAX_IDLE_DAYS; returns how many. */
export async function pruneSenderPatterns(sql: Sql): Promise<number> {
  const rows = await sql`delete from sender_patterns where last_used_at < now() - make_interval(days => ${SENDER_PATTERN_MAX_IDLE_DAYS}) returning 1`;
  return rows.length;
}
