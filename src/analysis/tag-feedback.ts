/**
 * What the user does with tags teaches their tag model: assigning a tag is
 * a positive example, removing it or rejecting a suggestion a negative one;
 * a rejected tag is also never suggested for that message again.
 *
 * Idempotent per (message, tag): the label last learned is kept
 * (`tag_model_labels`), the same feedback again learns nothing, and the
 * opposite feedback (assigned, then removed) replaces it in the tag's counts
 * rather than adding a second example. Someone else's message or tag: nothing.
 */
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { tagFeatures } from "./local/tag-features.ts";
import { forgetTag, learnTag } from "./local/tag-model.ts";
import { loadMessageForAnalysis } from "./message-input.ts";
import { loadTagModel, saveTagModel } from "./tag-model-store.ts";
import { tagBinding } from "./tags.ts";

export type TagFeedback = "assigned" | "removed" | "rejected";

/**
 * @example
 * await recordTagFeedback(sql, dataKey, userId, messageId, tagId, "rejected");
 */
export async function recordTagFeedback(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, tagId: string, kind: TagFeedback): Promise<void> {
  const [tag] = await sql<{ name: Uint8Array }[]>`select name_encrypted as name from tags where id = ${tagId} and user_id = ${userId}`;
  if (!tag) return;
  // The name: a suggestion made from it alone is learned from where it stood.
  const name = decryptText(dataKey, tag.name, tagBinding(userId, tagId));
  const message = await loadMessageForAnalysis(sql, dataKey, userId, messageId);
  if (!message) return;
  const features = tagFeatures(message.input, message.accountId);
  const label = kind === "assigned" ? 1 : -1;
  await sql.begin(async (tx) => {
    if (kind === "rejected") await tx`insert into tag_suggestion_rejections (user_id, message_id, tag_id) values (${userId}, ${messageId}, ${tagId}) on conflict (message_id, tag_id) do nothing`;
    // The model's row lock serialises all feedback of the user, so reading the previous label here is safe.
    const model = await loadTagModel(tx, dataKey, userId, true);
    const [previous] = await tx<{ label: 1 | -1 }[]>`select label from tag_model_labels where message_id = ${messageId} and tag_id = ${tagId} and user_id = ${userId}`;
    if (previous?.label === label) return;
    learnTag(model, features, { id: tagId, name }, label, previous?.label);
    // Deleted tags' weights go with the next save, so the model only holds the user's current tags.
    const current = new Set((await tx<{ id: string }[]>`select id from tags where user_id = ${userId}`).map((row) => row.id));
    for (const id of model.tags.keys()) if (!current.has(id)) forgetTag(model, id);
    await tx`
      insert into tag_model_labels (user_id, message_id, tag_id, label) values (${userId}, ${messageId}, ${tagId}, ${label})
      on conflict (message_id, tag_id) do update set label = excluded.label, updated_at = now()`;
    await saveTagModel(tx, dataKey, userId, model, previous ? 0 : 1);
  });
}
