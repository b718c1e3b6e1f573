/**
 * The review queue of tag names the user does not have yet: each newly
 * analysed message's candidates (./name-candidates.ts, or an LLM's names)
 * are counted per user, once per message, and a name enters the queue when
 * it has recurred enough. Names are keyed by the tags' own name hash, so a
 * name the user has a tag of is never counted nor shown.
 *
 * States (migrations/0045_tag_name_suggestions.sql):
 *   counting → pending   at NAME_SUGGESTION_MIN_MESSAGES[source] messages;
 *   pending  → rejected  by the user (./name-review.ts), remembering the count;
 *   rejected → pending   when the count reaches max(count at rejection ×
 *                        NAME_SUGGESTION_RETURN_FACTOR, count at rejection +
 *                        NAME_SUGGESTION_RETURN_MIN_MORE): only a name that
 *                        keeps recurring asks again;
 *   pending  → adopted   renamed or merged into a tag: stays quiet for good;
 *   pending  → (deleted) approved under its own name: the tag covers it.
 * Never from the user's own mail (no pattern sender: an own address or a
 * Sent/Drafts copy, src/analysis/message-input.ts), spam or phishing.
 */
import type { MessageForAnalysis } from "../analysis/message-input.ts";
import type { Analysis } from "../analysis/types.ts";
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import {
  NAME_SUGGESTION_MESSAGES_KEPT,
  NAME_SUGGESTION_PRUNE_EVERY,
  NAME_SUGGESTION_MIN_MESSAGES,
  NAME_SUGGESTION_RETURN_FACTOR,
  NAME_SUGGESTION_RETURN_MIN_MORE,
  NAME_SUGGESTIONS_SHOWN,
  TAG_NAME_MAX_CHARS,
} from "./limits.ts";
import { nameCandidates, type NameCandidate, type NameSource } from "./name-candidates.ts";
import { cleanTagName, tagNameHash } from "./tag-name.ts";

/** How `tag_name_suggestions.name_encrypted` is bound (AAD): to the owner and the name's hash, which a recurrence keeps. */
export const nameSuggestionBinding = (userId: string, hash: Uint8Array) => ({ owner: userId, purpose: `tag-name-suggestion:${Buffer.from(hash).toString("hex")}` });

export interface NameSuggestion {
  id: string;
  name: string;
  source: NameSource;
  /** Messages that brought the name, ever. */
  occurrences: number;
  /** Of those, the ones remembered (the latest NAME_SUGGESTION_MESSAGES_KEPT) and still there: what approving tags. */
  messages: number;
}

/** Mail that may name a tag: not the user's own, not spam or phishing. */
const worthNaming = (message: Pick<MessageForAnalysis, "sender">, analysis: Pick<Analysis, "spam" | "phishing">) => message.sender !== null && !analysis.spam.value && !analysis.phishing?.value;

/** A newly analysed message's list or organisation name, if it may name a tag. */
export function mailNameCandidates(message: Pick<MessageForAnalysis, "sender" | "input">, analysis: Pick<Analysis, "spam" | "phishing">): NameCandidate[] {
  return worthNaming(message, analysis) ? nameCandidates(message.input) : [];
}

/** Names an LLM suggested for the message (those the user has a tag of are left out when noted). */
export function llmNameCandidates(message: Pick<MessageForAnalysis, "sender">, analysis: Pick<Analysis, "spam" | "phishing">, names: string[]): NameCandidate[] {
  if (!worthNaming(message, analysis)) return [];
  return names.map(cleanTagName).flatMap((name) => (name && name.length <= TAG_NAME_MAX_CHARS ? [{ name, source: "llm" as const }] : []));
}

/**
 * Counts the message once for each candidate the user has no tag of, and
 * moves names that recurred enough into the queue. Two statements at most,
 * none without candidates; safe to call again for the same message.
 */
export async function noteNameCandidates(sql: Queryable, dataKey: SecretKey, userId: string, messageId: string, candidates: NameCandidate[]): Promise<void> {
  const byHash = new Map<string, NameCandidate>();
  for (const candidate of candidates) {
    const hash = tagNameHash(dataKey, candidate.name).toString("hex");
    if (!byHash.has(hash)) byHash.set(hash, candidate);
  }
  if (byHash.size === 0) return;
  const hashes = [...byHash.keys()];
  const names = hashes.map((hash) => Buffer.from(encrypt(dataKey, byHash.get(hash)!.name, nameSuggestionBinding(userId, Buffer.from(hash, "hex")))).toString("hex"));
  const sources = hashes.map((hash) => byHash.get(hash)!.source);
  const linked = await sql<{ id: string }[]>`
    with candidate as (
      select decode(c.hash, 'hex') as name_hash, decode(c.name, 'hex') as name_encrypted, c.source
      from unnest(${hashes}::text[], ${names}::text[], ${sources}::text[]) as c(hash, name, source)
      where exists (select 1 from messages m where m.id = ${messageId} and m.user_id = ${userId})
        and not exists (select 1 from tags t where t.user_id = ${userId} and t.name_hash = decode(c.hash, 'hex'))
    ), noted as (
      insert into tag_name_suggestions as s (user_id, name_hash, name_encrypted, source)
      select ${userId}, name_hash, name_encrypted, source from candidate
      on conflict (user_id, name_hash) do update set last_seen_at = now() where s.state <> 'adopted'
      returning s.id
    )
    insert into tag_name_suggestion_messages (suggestion_id, message_id, user_id)
    select id, ${messageId}, ${userId} from noted
    on conflict do nothing returning suggestion_id as id`;
  if (linked.length === 0) return;
  const min = NAME_SUGGESTION_MIN_MESSAGES;
  // The count goes up only for a message not counted before (a new link).
  const bumped = await sql<{ id: string; occurrences: number }[]>`
    update tag_name_suggestions set occurrences = occurrences + 1, state = case
        when state = 'counting' and occurrences + 1 >= case source when 'llm' then ${min.llm}::int when 'list' then ${min.list}::int else ${min.sender}::int end then 'pending'
        when state = 'rejected' and occurrences + 1 >= greatest(rejected_at_occurrences * ${NAME_SUGGESTION_RETURN_FACTOR}::int, rejected_at_occurrences + ${NAME_SUGGESTION_RETURN_MIN_MORE}::int) then 'pending'
        else state end
    where id = any(${linked.map((row) => row.id)}::uuid[]) and user_id = ${userId}
    returning id, occurrences`;
  // Past the kept number the oldest links go, every NAME_SUGGESTION_PRUNE_EVERY messages rather than on each:
  // a common sender's suggestion is counted for thousands of messages of an initial sync.
  for (const row of bumped.filter((entry) => entry.occurrences > NAME_SUGGESTION_MESSAGES_KEPT && entry.occurrences % NAME_SUGGESTION_PRUNE_EVERY === 0))
    await sql`
      delete from tag_name_suggestion_messages
      where suggestion_id = ${row.id} and (noted_at, message_id) < (
        select noted_at, message_id from tag_name_suggestion_messages where suggestion_id = ${row.id}
        order by noted_at desc, message_id desc offset ${NAME_SUGGESTION_MESSAGES_KEPT - 1} limit 1)`;
}

/** The pending names, most frequent first; none the user has a tag of (made since the name was counted). */
export async function listNameSuggestions(sql: Sql, dataKey: SecretKey, userId: string): Promise<NameSuggestion[]> {
  const rows = await sql<{ id: string; hash: Uint8Array; name: Uint8Array; source: NameSource; occurrences: number; messages: number }[]>`
    select s.id, s.name_hash as hash, s.name_encrypted as name, s.source, s.occurrences,
           (select count(*)::int from tag_name_suggestion_messages l join messages m on m.id = l.message_id
            where l.suggestion_id = s.id and m.orphaned_at is null) as messages
    from tag_name_suggestions s
    where s.user_id = ${userId} and s.state = 'pending'
      and not exists (select 1 from tags t where t.user_id = ${userId} and t.name_hash = s.name_hash)
    order by s.occurrences desc, s.last_seen_at desc, s.id limit ${NAME_SUGGESTIONS_SHOWN}`;
  return rows.map(({ hash, name, ...row }) => ({ ...row, name: decryptText(dataKey, name, nameSuggestionBinding(userId, hash)) }));
}

/** One pending name of the user's, or undefined (another user's, gone, or not in the queue). */
export async function findNameSuggestion(sql: Sql, dataKey: SecretKey, userId: string, suggestionId: string): Promise<Pick<NameSuggestion, "id" | "name"> | undefined> {
  if (!isUuid(suggestionId)) return undefined;
  const [row] = await sql<{ id: string; hash: Uint8Array; name: Uint8Array }[]>`
    select id, name_hash as hash, name_encrypted as name from tag_name_suggestions where id = ${suggestionId} and user_id = ${userId} and state = 'pending'`;
  return row ? { id: row.id, name: decryptText(dataKey, row.name, nameSuggestionBinding(userId, row.hash)) } : undefined;
}
