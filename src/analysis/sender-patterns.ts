/**
 * What a sender's mail usually is, per user: weighted counts of the
 * category, urgency, importance, newsletter and spam values seen for the
 * sender, where each analysis counts 1 and each correction counts
 * CORRECTION_WEIGHT (and takes back the analysis it corrects). A confident
 * pattern overrides the text model (src/analysis/local, HINT_OVERRIDES).
 *
 * The sender is stored as an HMAC of its normalised address (for lookups)
 * and encrypted (for the user's statistics), never in clear.
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import { deriveKey, hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { TransactionSql } from "postgres";
import type { Queryable, Sql } from "../db/connection.ts";
import type { SenderHint } from "./local/index.ts";
import type { Analysis, Category, Level } from "./types.ts";
import type { CorrectableField } from "./analysis-store.ts";

export const CORRECTION_WEIGHT = 10;
/** Patterns not used for this long are deleted by the daily `prune_sender_patterns` job. */
export const SENDER_PATTERN_MAX_IDLE_DAYS = 180;
/** Evidence (total weight) at which a pattern's confidence is its share alone; below, it is scaled down. */
const FULL_EVIDENCE = 5;

type Counts = Partial<Record<CorrectableField, Record<string, number>>>;

export function senderHash(dataKey: SecretKey, normalisedAddress: string): Buffer {
  return hmac(deriveKey(dataKey, "sender-pattern"), normalisedAddress);
}

const senderBinding = (userId: string, hash: Buffer) => ({ owner: userId, purpose: `sender-pattern:${hash.toString("hex")}` });

/** The value a field's counts favour, with confidence = its share × how much evidence there is. */
function leader(counts: Record<string, number> | undefined): { value: string; confidence: number } | undefined {
  if (!counts) return undefined;
  const entries = Object.entries(counts).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) return undefined;
  const [value, weight] = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return { value, confidence: (weight / total) * Math.min(1, total / FULL_EVIDENCE) };
}

export function hintFromCounts(counts: Counts): SenderHint {
  const hint: SenderHint = {};
  const category = leader(counts.category);
  if (category) hint.category = { value: category.value as Category, confidence: category.confidence };
  for (const field of ["urgency", "importance"] as const) {
    const lead = leader(counts[field]);
    if (lead) hint[field] = { value: Number(lead.value) as Level, confidence: lead.confidence };
  }
  for (const field of ["newsletter", "spam"] as const) {
    const lead = leader(counts[field]);
    if (lead) hint[field] = { value: lead.value === "true", confidence: lead.confidence };
  }
  return hint;
}

export async function senderHint(sql: Queryable, dataKey: SecretKey, userId: string, sender: string | null): Promise<SenderHint> {
  if (!sender) return {};
  const [row] = await sql<{ counts: Counts }[]>`select counts from sender_patterns where user_id = ${userId} and sender_hash = ${senderHash(dataKey, sender)}`;
  return row ? hintFromCounts(row.counts) : {};
}

function add(counts: Counts, field: CorrectableField, value: string, weight: number): void {
  const fieldCounts = (counts[field] ??= {});
  fieldCounts[value] = Math.max(0, (fieldCounts[value] ?? 0) + weight);
}

const valueOf = (analysis: Analysis, field: CorrectableField) => String(analysis[field].value);

/** Locks (creating if needed) the sender's row, lets `change` edit its counts, and writes it back. */
async function updatePattern(tx: Queryable, dataKey: SecretKey, userId: string, sender: string, change: (counts: Counts) => { messages: number; corrections: number }): Promise<void> {
  const hash = senderHash(dataKey, sender);
  await tx`
    insert into sender_patterns (user_id, sender_hash, sender_encrypted) values (${userId}, ${hash}, ${encrypt(dataKey, sender, senderBinding(userId, hash))})
    on conflict (user_id, sender_hash) do nothing`;
  const [row] = await tx<{ counts: Counts }[]>`select counts from sender_patterns where user_id = ${userId} and sender_hash = ${hash} for update`;
  const counts = row!.counts;
  const added = change(counts);
  await tx`
    update sender_patterns set counts = ${tx.json(counts as never)}, messages = messages + ${added.messages}, corrections = corrections + ${added.corrections},
           last_used_at = now()
    where user_id = ${userId} and sender_hash = ${hash}`;
}

/** A new message's first analysis counts once for its sender; in the transaction that stores the analysis, so neither is kept without the other. */
export async function learnFromAnalysis(tx: TransactionSql, dataKey: SecretKey, userId: string, sender: string | null, analysis: Analysis): Promise<void> {
  if (!sender) return;
  await updatePattern(tx, dataKey, userId, sender, (counts) => {
    for (const field of ["urgency", "importance", "category", "spam", "newsletter"] as const) add(counts, field, valueOf(analysis, field), 1);
    return { messages: 1, corrections: 0 };
  });
}

/** A correction takes back the corrected analysis's vote and adds the user's, with more weight. */
export async function learnFromCorrection(tx: Queryable, dataKey: SecretKey, userId: string, sender: string | null, changes: { field: CorrectableField; from: string; to: string }[]): Promise<void> {
  if (!sender || changes.length === 0) return;
  await updatePattern(tx, dataKey, userId, sender, (counts) => {
    for (const change of changes) {
      add(counts, change.field, change.from, -1);
      add(counts, change.field, change.to, CORRECTION_WEIGHT);
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
  const rows = await sql<{ hash: Buffer; sender: Uint8Array; counts: Counts; messages: number; corrections: number; lastUsedAt: Date }[]>`
    select sender_hash as hash, sender_encrypted as sender, counts, messages, corrections, last_used_at as "lastUsedAt"
    from sender_patterns where user_id = ${userId} order by corrections desc, messages desc, last_used_at desc limit ${limit}`;
  return rows.map((row) => ({
    sender: decryptText(dataKey, row.sender, senderBinding(userId, Buffer.from(row.hash))),
    messages: row.messages,
    corrections: row.corrections,
    hint: hintFromCounts(row.counts),
    lastUsedAt: row.lastUsedAt,
  }));
}

/** Deletes patterns of all users not used for SENDER_PATTERN_MAX_IDLE_DAYS; returns how many. */
export async function pruneSenderPatterns(sql: Sql): Promise<number> {
  const rows = await sql`delete from sender_patterns where last_used_at < now() - make_interval(days => ${SENDER_PATTERN_MAX_IDLE_DAYS}) returning 1`;
  return rows.length;
}
