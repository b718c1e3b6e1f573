/** The user's learned tag model, stored encrypted (`tag_models`), like the user model (./user-model-store.ts). */
import { decrypt, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable } from "../db/connection.ts";
import { deserializeTagModel, emptyTagModel, serializeTagModel, type TagModel } from "./local/tag-model.ts";

const binding = (userId: string) => ({ owner: userId, purpose: "tag-model" });

/** The user's tag model; empty before the first feedback. Pass `lock` inside a transaction that will save it. */
export async function loadTagModel(sql: Queryable, dataKey: SecretKey, userId: string, lock = false): Promise<TagModel> {
  // A row to lock even for the first feedback, so two at once cannot both start from the empty model.
  if (lock) await sql`insert into tag_models (user_id, model_encrypted) values (${userId}, ${encrypt(dataKey, serializeTagModel(emptyTagModel()), binding(userId))}) on conflict (user_id) do nothing`;
  const [row] = await sql<{ model: Uint8Array }[]>`select model_encrypted as model from tag_models where user_id = ${userId} ${lock ? sql`for update` : sql``}`;
  return row ? deserializeTagModel(decrypt(dataKey, row.model, binding(userId))) : emptyTagModel();
}

/** Saves the model after `examples` more pieces of feedback. */
export async function saveTagModel(sql: Queryable, dataKey: SecretKey, userId: string, model: TagModel, examples: number): Promise<void> {
  const encrypted = encrypt(dataKey, serializeTagModel(model), binding(userId));
  await sql`
    insert into tag_models (user_id, model_encrypted, examples) values (${userId}, ${encrypted}, ${examples})
    on conflict (user_id) do update set model_encrypted = excluded.model_encrypted, examples = tag_models.examples + ${examples}, updated_at = now()`;
}
