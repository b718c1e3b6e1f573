/** The per-user part of the local analyser, stored encrypted (`user_models`). */
import { decrypt, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable } from "../db/connection.ts";
import { deserializeUserModel, emptyUserModel, serializeUserModel, type UserModel } from "./local/index.ts";

const binding = (userId: string) => ({ owner: userId, purpose: "user-model" });

/** The user's model; a new user's is empty (the shipped prior alone). Pass `lock` inside a transaction that will save it. */
export async function loadUserModel(sql: Queryable, dataKey: SecretKey, userId: string, lock = false): Promise<UserModel> {
  // A row to lock even for the first correction, so two at once cannot both start from the empty model.
  if (lock)
    await sql`insert into user_models (user_id, model_encrypted) values (${userId}, ${encrypt(dataKey, serializeUserModel(emptyUserModel()), binding(userId))}) on conflict (user_id) do nothing`;
  const [row] = await sql<{ model: Uint8Array }[]>`select model_encrypted as model from user_models where user_id = ${userId} ${lock ? sql`for update` : sql``}`;
  return row ? deserializeUserModel(decrypt(dataKey, row.model, binding(userId))) : emptyUserModel();
}

/**
 * Saves the model after `corrections` more corrections; returns the
 * corrections counted since the last re-scoring of recent mail.
 */
export async function saveUserModel(sql: Queryable, dataKey: SecretKey, userId: string, model: UserModel, corrections: number): Promise<number> {
  const encrypted = encrypt(dataKey, serializeUserModel(model), binding(userId));
  const [row] = await sql<{ since: number }[]>`
    insert into user_models (user_id, model_encrypted, examples, corrections_since_rescore) values (${userId}, ${encrypted}, ${corrections}, ${corrections})
    on conflict (user_id) do update set model_encrypted = excluded.model_encrypted, examples = user_models.examples + ${corrections},
      corrections_since_rescore = user_models.corrections_since_rescore + ${corrections}, updated_at = now()
    returning corrections_since_rescore as since`;
  return row!.since;
}

export async function resetRescoreCounter(sql: Queryable, userId: string): Promise<void> {
  await sql`update user_models set corrections_since_rescore = 0 where user_id = ${userId}`;
}
