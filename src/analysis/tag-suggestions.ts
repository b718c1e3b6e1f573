/**
 * Tag suggestions for one message in the pipeline: the user's learned tag
 * model with the name matching as fallback (./local/tag-model.ts), leaving
 * out tags already on the message and those the user rejected for it.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { tagFeatures } from "./local/tag-features.ts";
import { suggestFromModel } from "./local/tag-model.ts";
import { loadTagModel } from "./tag-model-store.ts";
import { userTags } from "./tags.ts";
import type { Analysis, AnalysisInput } from "./types.ts";

export async function suggestTagsForMessage(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, input: AnalysisInput, accountId: string): Promise<Analysis["tags"]> {
  const tags = await userTags(sql, dataKey, userId);
  if (tags.length === 0) return [];
  const [model, excluded] = await Promise.all([
    loadTagModel(sql, dataKey, userId),
    sql<{ tagId: string }[]>`
      select tag_id as "tagId" from message_tags where message_id = ${messageId} and user_id = ${userId}
      union select tag_id from tag_suggestion_rejections where message_id = ${messageId} and user_id = ${userId}`,
  ]);
  return suggestFromModel(model, tagFeatures(input, accountId), tags, { exclude: new Set(excluded.map((row) => row.tagId)) });
}
