/**
 * Messages' embeddings in `message_embeddings` (0046): one per message, for
 * the model that made it. A vector says what the mail is about, so it is
 * encrypted with the user's data key, bound to its owner and message like
 * the message's own rows; being encrypted it cannot be compared in SQL, and
 * src/inbox/similar-meaning.ts compares a bounded set of them in the app.
 * Bytes are float32 in the platform's order (little-endian on every
 * platform Bun runs on).
 */
import { decrypt, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable } from "../db/connection.ts";

const binding = (userId: string, messageId: string) => ({ owner: userId, purpose: `message-embedding:${messageId}` });

export function encryptEmbedding(dataKey: SecretKey, userId: string, messageId: string, vector: Float32Array): Uint8Array {
  return encrypt(dataKey, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), binding(userId, messageId));
}

/** The vector, or null when it cannot be opened or its length does not match (a damaged row is skipped, not fatal). */
export function decryptEmbedding(dataKey: SecretKey, userId: string, messageId: string, row: { vector: Uint8Array; dimensions: number }): Float32Array | null {
  try {
    const bytes = decrypt(dataKey, row.vector, binding(userId, messageId));
    if (bytes.byteLength !== row.dimensions * 4) return null;
    // A copy: the decrypted buffer's offset need not be a multiple of 4.
    return new Float32Array(new Uint8Array(bytes).buffer);
  } catch {
    return null;
  }
}

/** Whether the message already has an embedding of `model` (the job is idempotent). */
export async function hasEmbedding(sql: Queryable, userId: string, messageId: string, model: string): Promise<boolean> {
  const [row] = await sql`select 1 from message_embeddings where message_id = ${messageId} and user_id = ${userId} and model = ${model}`;
  return Boolean(row);
}

/** Stores (or replaces, after a model change) the message's embedding; false when the message is not the user's or is gone. */
export async function saveEmbedding(sql: Queryable, dataKey: SecretKey, userId: string, messageId: string, model: string, vector: Float32Array): Promise<boolean> {
  const rows = await sql`
    insert into message_embeddings (message_id, user_id, model, dimensions, vector_encrypted)
    select m.id, m.user_id, ${model}, ${vector.length}, ${encryptEmbedding(dataKey, userId, messageId, vector)}
    from messages m where m.id = ${messageId} and m.user_id = ${userId}
    on conflict (message_id) do update set model = excluded.model, dimensions = excluded.dimensions,
      vector_encrypted = excluded.vector_encrypted, created_at = now()
    returning 1`;
  return rows.length > 0;
}
