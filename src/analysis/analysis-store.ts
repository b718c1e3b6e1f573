/**
 * Analyses as stored: the levels, flags and category as columns (for the
 * dashboard and lists), the whole Analysis encrypted beside them. Fields the
 * user corrected are never overwritten by a later analysis.
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { TransactionSql } from "postgres";
import type { Queryable, Sql } from "../db/connection.ts";
import { recordAnalysis } from "../metrics/record.ts";
import { analysisBinding, type Analysis, type Provenance, type ProviderKind } from "./types.ts";

export const CORRECTABLE_FIELDS = ["urgency", "importance", "category", "spam", "newsletter"] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export interface StoredAnalysis {
  analysis: Analysis;
  provenance: Provenance;
  correctedFields: CorrectableField[];
  analysedAt: Date;
  updatedAt: Date;
}

interface Row {
  detail: Uint8Array;
  provider: ProviderKind;
  model: string | null;
  fallbackReason: string | null;
  correctedFields: CorrectableField[];
  analysedAt: Date;
  updatedAt: Date;
}

function fromRow(dataKey: SecretKey, userId: string, messageId: string, row: Row): StoredAnalysis {
  return {
    analysis: JSON.parse(decryptText(dataKey, row.detail, analysisBinding(userId, messageId))) as Analysis,
    provenance: { provider: row.provider, model: row.model, fallbackReason: row.fallbackReason },
    correctedFields: row.correctedFields,
    analysedAt: row.analysedAt,
    updatedAt: row.updatedAt,
  };
}

/** The message's analysis, or null (not analysed yet, or not the user's). Pass `lock` inside a transaction to hold the row. */
export async function readAnalysis(sql: Queryable, dataKey: SecretKey, userId: string, messageId: string, lock = false): Promise<StoredAnalysis | null> {
  const [row] = await sql<Row[]>`
    select detail_encrypted as detail, provider, model, fallback_reason as "fallbackReason", corrected_fields as "correctedFields",
           analysed_at as "analysedAt", updated_at as "updatedAt"
    from analyses where message_id = ${messageId} and user_id = ${userId} ${lock ? sql`for update` : sql``}`;
  return row ? fromRow(dataKey, userId, messageId, row) : null;
}

/** `fresh` with the user's corrected fields taken from `previous`. */
export function keepCorrections(fresh: Analysis, previous: StoredAnalysis | null): Analysis {
  if (!previous) return fresh;
  const merged: Analysis = { ...fresh };
  for (const field of previous.correctedFields) (merged as unknown as Record<string, unknown>)[field] = previous.analysis[field];
  return merged;
}

/**
 * Inserts or replaces the message's analysis; corrected fields keep the
 * user's values. Returns false when the message is not the user's.
 */
export async function saveAnalysis(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, fresh: Analysis, provenance: Provenance): Promise<boolean> {
  return (await sql.begin((tx) => writeAnalysis(tx, dataKey, userId, messageId, fresh, provenance))) !== null;
}

/**
 * saveAnalysis inside the caller's transaction, so what depends on the
 * analysis (the sender pattern's vote) commits with it. Returns "inserted"
 * for the message's first analysis, "updated", or null when the message is
 * not the user's.
 */
export async function writeAnalysis(tx: TransactionSql, dataKey: SecretKey, userId: string, messageId: string, fresh: Analysis, provenance: Provenance): Promise<"inserted" | "updated" | null> {
  // Locked, so a correction made meanwhile is not overwritten by this (older) answer.
  const previous = await readAnalysis(tx, dataKey, userId, messageId, true);
  const analysis = keepCorrections(fresh, previous);
  const detail = encrypt(dataKey, JSON.stringify(analysis), analysisBinding(userId, messageId));
  // xmax = 0 on the returned row: the insert took place; otherwise the conflict's update did (two runs at once both
  // find no analysis to lock, and the second one's insert waits for the first and becomes an update).
  const [row] = await tx<{ inserted: boolean }[]>`
    insert into analyses (message_id, user_id, urgency, importance, category, spam, phishing, newsletter, language, provider, model, fallback_reason, detail_encrypted)
    select m.id, m.user_id, ${analysis.urgency.value}, ${analysis.importance.value}, ${analysis.category.value}, ${analysis.spam.value},
           ${analysis.phishing?.value === true}, ${analysis.newsletter.value}, ${analysis.language}, ${provenance.provider}, ${provenance.model},
           ${provenance.fallbackReason}, ${detail}
    from messages m where m.id = ${messageId} and m.user_id = ${userId}
    on conflict (message_id) do update set
      urgency = excluded.urgency, importance = excluded.importance, category = excluded.category, spam = excluded.spam,
      phishing = excluded.phishing, newsletter = excluded.newsletter, language = excluded.language, provider = excluded.provider, model = excluded.model,
      fallback_reason = excluded.fallback_reason, detail_encrypted = excluded.detail_encrypted, updated_at = now()
    returning (xmax = 0) as inserted`;
  if (!row) return null;
  recordAnalysis(provenance.provider, analysis);
  return row.inserted ? "inserted" : "updated";
}

/** Records that an LLM was asked but the stored (local) analysis stays, and why. */
export async function recordFallback(sql: Queryable, userId: string, messageId: string, reason: string): Promise<void> {
  await sql`update analyses set fallback_reason = ${reason}, updated_at = now() where message_id = ${messageId} and user_id = ${userId}`;
}
