/**
 * Tag suggestions for one message in the pipeline: the user's learned tag
 * model with the name matching as fallback (./local/tag-model.ts), leaving
 * out tags already on the message and those the user rejected for it. An
 * LLM's suggestions (names only) join after the learned ones, as the
 * user's tag ids, under the same exclusions.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { tagFeatures } from "./local/tag-features.ts";
import { MAX_SUGGESTIONS, suggestFromModel } from "./local/tag-model.ts";
import type { MessageForAnalysis } from "./message-input.ts";
import { loadTagModel } from "./tag-model-store.ts";
import { userTags } from "./tags.ts";
import type { Analysis } from "./types.ts";

async function excludedTags(sql: Sql, userId: string, messageId: string): Promise<Set<string>> {
  const rows = await sql<{ tagId: string }[]>`
    select tag_id as "tagId" from message_tags where message_id = ${messageId} and user_id = ${userId}
    union select tag_id from tag_suggestion_rejections where message_id = ${messageId} and user_id = ${userId}`;
  return new Set(rows.map((row) => row.tagId));
}

/** Up to three learned suggestions, `llmTags` (by name) after them. */
export async function suggestTagsForMessage(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  messageId: string,
  message: Pick<MessageForAnalysis, "input" | "accountId">,
  llmTags: Analysis["tags"] = [],
): Promise<Analysis["tags"]> {
  const tags = await userTags(sql, dataKey, userId);
  if (tags.length === 0) return [];
  const [model, exclude] = await Promise.all([loadTagModel(sql, dataKey, userId), excludedTags(sql, userId, messageId)]);
  const suggestions: Analysis["tags"] = suggestFromModel(model, tagFeatures(message.input, message.accountId), tags, { exclude });
  for (const llmTag of llmTags) {
    const tag = tags.find((candidate) => candidate.name === llmTag.name);
    if (!tag || exclude.has(tag.id) || suggestions.some((suggestion) => suggestion.tagId === tag.id)) continue;
    suggestions.push({ ...llmTag, tagId: tag.id });
  }
  return suggestions.slice(0, MAX_SUGGESTIONS);
}
