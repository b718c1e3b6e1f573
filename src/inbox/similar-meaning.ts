/**
 * The meaning half of "similar messages": when the message has an embedding
 * of the user's current embedding model (src/analysis/embed-message.ts),
 * the user's most recent embeddings of that model are opened and compared
 * with it by cosine similarity, here in the app — they are encrypted with
 * the user's data key, so PostgreSQL cannot compare them — over a bounded
 * candidate set (SIMILAR_MEANING_CANDIDATES). Only the user's own rows are
 * read, and only their data key could open them anyway.
 *
 * Without an embedding of the current model (no model set, mail from
 * before, a headers-only mailbox) this is one primary-key lookup that finds
 * nothing, and the ranking is the local one alone.
 */
import { decryptEmbedding } from "../analysis/embedding-store.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { isUuid } from "../ids.ts";
import type { Sql } from "../db/connection.ts";
import { limitLiteral } from "../db/plan-cache-mode.ts";
import { SIMILAR_MEANING_CANDIDATES, SIMILAR_MEANING_MATCHES, SIMILAR_MIN_MEANING } from "../search/limits.ts";

/** Ids and their cosine (≥ SIMILAR_MIN_MEANING), best first; parallel arrays, as the ranking query takes them. */
export interface MeaningMatches {
  ids: string[];
  scores: number[];
}

export const NO_MEANING: MeaningMatches = { ids: [], scores: [] };

type EmbeddingRow = { id: string; dimensions: number; vector: Uint8Array };

/** Cosine of two vectors of one length; 0 when either has no direction. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  // Rounding can carry an identical pair just past 1.
  return normA > 0 && normB > 0 ? Math.min(1, dot / Math.sqrt(normA * normB)) : 0;
}

/**
 * @example
 *   const meaning = await meaningMatches(sql, dataKey, userId, messageId);
 *   // { ids: ["…"], scores: [0.91] } or NO_MEANING
 */
export async function meaningMatches(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<MeaningMatches> {
  if (!isUuid(messageId)) return NO_MEANING;
  // The cheap check: the message's embedding, and only if it is of the model the user has set now.
  const [source] = await sql<(EmbeddingRow & { model: string })[]>`
    select e.message_id as id, e.model, e.dimensions, e.vector_encrypted as vector
    from message_embeddings e join llm_providers p on p.user_id = e.user_id and p.embedding_model = e.model
    where e.message_id = ${messageId} and e.user_id = ${userId}`;
  if (!source) return NO_MEANING;
  const sourceVector = decryptEmbedding(dataKey, userId, source.id, source);
  if (!sourceVector) return NO_MEANING;
  const candidates = await sql<EmbeddingRow[]>`
    select message_id as id, dimensions, vector_encrypted as vector from message_embeddings
    where user_id = ${userId} and model = ${source.model} and dimensions = ${source.dimensions} and message_id <> ${messageId}
    order by created_at desc limit ${limitLiteral(sql, SIMILAR_MEANING_CANDIDATES)}`;
  const matches: { id: string; score: number }[] = [];
  for (const row of candidates) {
    const vector = decryptEmbedding(dataKey, userId, row.id, row);
    if (!vector) continue;
    const score = cosineSimilarity(sourceVector, vector);
    if (score >= SIMILAR_MIN_MEANING) matches.push({ id: row.id, score });
  }
  matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const best = matches.slice(0, SIMILAR_MEANING_MATCHES);
  return { ids: best.map((match) => match.id), scores: best.map((match) => match.score) };
}
