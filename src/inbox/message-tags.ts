/**
 * What the message page's tag box shows: the message's tags, every tag of
 * the user (to pick from), and the analysis's suggestions that are still
 * open: not on the message, not rejected for it, and a tag the user still has.
 */
import type { Analysis } from "../analysis/types.ts";
import type { Sql } from "../db/connection.ts";
import { decryptTagName, type TagColour } from "../tags/tag-name.ts";
import { messageAnalysis } from "./message-details.ts";
import type { OwnMessage } from "./message.ts";

export interface TagChip {
  id: string;
  name: string;
  colour: TagColour | null;
}

export interface OpenSuggestion extends TagChip {
  confidence: number;
  reason: NonNullable<Analysis["tags"][number]["reason"]> | null;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "de", { sensitivity: "base" });

/** The user's tags, names decrypted, without counts (./../tags/store.ts listTags counts messages). */
export async function userTagChips(sql: Sql, message: Pick<OwnMessage, "userId" | "dataKey">): Promise<TagChip[]> {
  const rows = await sql<{ id: string; name: Uint8Array; colour: TagColour | null }[]>`select id, name_encrypted as name, color as colour from tags where user_id = ${message.userId}`;
  return rows.map((row) => ({ id: row.id, colour: row.colour, name: decryptTagName(message.dataKey, message.userId, row.id, row.name) })).sort(byName);
}

export async function messageTags(sql: Sql, message: OwnMessage): Promise<TagChip[]> {
  const rows = await sql<{ id: string; colour: TagColour | null; name: Uint8Array }[]>`
    select t.id, t.color as colour, t.name_encrypted as name
    from message_tags mt join tags t on t.id = mt.tag_id
    where mt.message_id = ${message.id} and mt.user_id = ${message.userId} and t.user_id = ${message.userId}`;
  return rows.map((row) => ({ id: row.id, colour: row.colour, name: decryptTagName(message.dataKey, message.userId, row.id, row.name) })).sort(byName);
}

/**
 * The suggestions still to decide on, best first, at most three. Older
 * analyses name a tag only by its name: matched in any letter case.
 */
export async function openSuggestions(sql: Sql, message: OwnMessage, suggested: Analysis["tags"] | undefined, onMessage: TagChip[], allTags: TagChip[]): Promise<OpenSuggestion[]> {
  if (!suggested || suggested.length === 0) return [];
  const rejected = new Set(
    (await sql<{ tagId: string }[]>`select tag_id as "tagId" from tag_suggestion_rejections where message_id = ${message.id} and user_id = ${message.userId}`).map((row) => row.tagId),
  );
  const has = new Set(onMessage.map((tag) => tag.id));
  const byId = new Map(allTags.map((tag) => [tag.id, tag]));
  const byLowerName = new Map(allTags.map((tag) => [tag.name.toLocaleLowerCase("de-DE"), tag]));
  const open: OpenSuggestion[] = [];
  for (const suggestion of [...suggested].sort((a, b) => b.confidence - a.confidence)) {
    const tag = (suggestion.tagId && byId.get(suggestion.tagId)) || byLowerName.get(suggestion.name.toLocaleLowerCase("de-DE"));
    if (!tag || has.has(tag.id) || rejected.has(tag.id) || open.some((entry) => entry.id === tag.id)) continue;
    open.push({ ...tag, confidence: suggestion.confidence, reason: suggestion.reason ?? null });
  }
  return open.slice(0, 3);
}

/** The message's tags and its open suggestions, for the API (the page reads the analysis with the rest). */
export async function messageTagState(sql: Sql, message: OwnMessage): Promise<{ tags: TagChip[]; suggestions: OpenSuggestion[] }> {
  const [tags, allTags, analysis] = await Promise.all([messageTags(sql, message), userTagChips(sql, message), messageAnalysis(sql, message)]);
  return { tags, suggestions: await openSuggestions(sql, message, analysis?.detail?.tags, tags, allTags) };
}
