/**
 * The messages most like one message of the user: same conversation, same
 * sender, similar text. Computed in PostgreSQL from what is already
 * queryable without a key — the blind index (HMAC'd words, migration 0010),
 * `sender_hash` (0026) and `thread_id` — so no other message is decrypted
 * to rank it; only the rows shown are (subject, sender, date, as the list).
 *
 * Text similarity is shared distinctive tokens weighted by inverse document
 * frequency, in three bounded steps (the numbers in src/search/limits.ts):
 * 1. The message's tokens found in more than a few of the user's recent
 *    messages (a fixed sample) are common words and dropped; of the rest,
 *    the first SIMILAR_SOURCE_TOKENS in the message's own order (the index
 *    stores sender, subject, then body) are kept.
 * 2. Each kept token is looked up in the GIN index, reading at most
 *    SIMILAR_TOKEN_POSTINGS + 1 messages: the count n is the token's exact
 *    document frequency when it is rare, and a token in more messages than
 *    that is left out. Its weight is ln(N / n), N the user's messages (up
 *    to a cap), so in a small mailbox (where the sample is all of it and
 *    filters little) a word every message holds weighs nothing. The
 *    lookups are bounded by tokens × postings, never by the mailbox's size.
 * 3. A message's text score is the idf-weighted share of the kept tokens it
 *    holds (0–1). Same conversation adds 2 and same sender 1, so those rank
 *    first and the text orders within them.
 * The index holds every prefix of a word (p:rech, p:rechn, …): tokens
 * found in exactly the same messages count once, so a rare long word does
 * not weigh seven times a short one.
 * A message not indexed yet (search_tokens null) still finds its
 * conversation and its sender's mail.
 *
 * When the user set an embedding model and the message has an embedding of
 * it, the messages closest in meaning (similar-meaning.ts, compared in the
 * app because the vectors are encrypted) join the candidates, and their
 * cosine (≥ SIMILAR_MIN_MEANING) is added to the score like the text score:
 * mail about the same thing in other words is found too. Without one the
 * ranking is the local one alone, unchanged.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import { isUuid } from "../ids.ts";
import { byteaFromJson } from "../db/bytea.ts";
import type { Sql } from "../db/connection.ts";
import { limitLiteral } from "../db/plan-cache-mode.ts";
import { meaningMatches, NO_MEANING, type MeaningMatches } from "./similar-meaning.ts";
import { readSummary, summaryColumns } from "../mail/message-summary.ts";
import type { MailAddress } from "../mail/parse/types.ts";
import {
  SIMILAR_COMMON_SHARE,
  SIMILAR_MAILBOX_COUNT_CAP,
  SIMILAR_MESSAGES,
  SIMILAR_MIN_MEANING,
  SIMILAR_MIN_TEXT_SCORE,
  SIMILAR_RELATED_CANDIDATES,
  SIMILAR_SAMPLE_MESSAGES,
  SIMILAR_SOURCE_TOKENS,
  SIMILAR_TOKEN_POSTINGS,
} from "../search/limits.ts";

/** Why a message is listed as similar, strongest first. */
export type SimilarReason = "sameThread" | "sameSender" | "similarText" | "similarMeaning";

export interface SimilarMatch {
  id: string;
  /** Same conversation 2, same sender 1, plus the text score (0–1), plus the meaning score when there is one. */
  score: number;
  /** The idf-weighted share of the message's distinctive words this one holds (0–1). */
  textScore: number;
  /** Cosine similarity of the two messages' embeddings when at least SIMILAR_MIN_MEANING, else 0. */
  meaningScore: number;
  reasons: SimilarReason[];
}

export interface SimilarMessage extends SimilarMatch {
  /** Null when the row cannot be decrypted (a damaged row): shown without subject and sender, as the list does. */
  subject: string | null;
  from: MailAddress | null;
  date: Date;
}

type Row = { id: string; score: number; textScore: number; meaningScore: number; sameThread: boolean; sameSender: boolean; dateMillis: number; summary: string; legacy: boolean };

/** The ranked rows with their encrypted summaries; empty when the message is not the user's (or is gone). */
async function rankedRows(sql: Sql, userId: string, messageId: string, limit: number, meaning: MeaningMatches = NO_MEANING): Promise<Row[]> {
  if (!isUuid(messageId)) return [];
  const related = limitLiteral(sql, SIMILAR_RELATED_CANDIDATES);
  const postings = limitLiteral(sql, SIMILAR_TOKEN_POSTINGS + 1);
  // The rows come as one JSON array, as the list's do (src/inbox/list.ts): faster to read than many bytea columns.
  const [result] = await sql<{ rows: Row[] | null }[]>`
    with source as materialized (
      select id, thread_id, sender_hash, coalesce(search_tokens, '{}') as tokens
      from messages where id = ${messageId} and user_id = ${userId} and orphaned_at is null
    ),
    source_tokens as materialized (
      select u.token, u.position from source cross join unnest(source.tokens) with ordinality u(token, position)
    ),
    sample as materialized (
      select m.search_tokens from messages m
      where m.user_id = ${userId} and m.orphaned_at is null and m.search_tokens is not null and m.id <> ${messageId}
        and exists (select 1 from source)
      order by m.list_date desc
      limit ${limitLiteral(sql, SIMILAR_SAMPLE_MESSAGES)}
    ),
    sample_counts as (
      select t.token, count(*) as n from sample s cross join unnest(s.search_tokens) t(token)
      where t.token in (select token from source_tokens)
      group by t.token
    ),
    chosen as materialized (
      select st.token from source_tokens st left join sample_counts c using (token)
      where coalesce(c.n, 0) <= ${Math.floor(SIMILAR_SAMPLE_MESSAGES * SIMILAR_COMMON_SHARE)}::int
      order by st.position
      limit ${limitLiteral(sql, SIMILAR_SOURCE_TOKENS)}
    ),
    postings as materialized (
      select c.token, p.id from chosen c cross join lateral (
        select m.id from messages m where m.user_id = ${userId} and m.search_tokens @> array[c.token] and m.orphaned_at is null limit ${postings}
      ) p
    ),
    -- The user's live messages (up to a cap), from an index alone: the N of idf = ln(N / n).
    mailbox as (
      select count(*)::float8 as size from (
        select 1 from messages where user_id = ${userId} and orphaned_at is null and exists (select 1 from chosen) limit ${limitLiteral(sql, SIMILAR_MAILBOX_COUNT_CAP)}
      ) counted
    ),
    -- Counted with the message itself: a token only it holds (n = 1) tells nothing, one in more than the cap is too common.
    -- Tokens held by exactly the same messages count once: mostly the prefixes of one rare word (p:sonnen, p:sonnenw, …).
    token_counts as (
      select token, count(*) as n, array_agg(id order by id) as holders from postings group by token
    ),
    distinct_sets as (
      select min(token) as token, n from token_counts where n between 2 and ${SIMILAR_TOKEN_POSTINGS}::int group by holders, n
    ),
    weights as (
      select d.token, ln(greatest(mailbox.size, d.n) / d.n) as idf from distinct_sets d cross join mailbox
    ),
    text_scores as (
      select p.id, sum(w.idf) / (select nullif(sum(idf), 0) from weights) as score
      from postings p join weights w using (token)
      where p.id <> ${messageId}
      group by p.id
    ),
    -- Closest in meaning, compared in the app (similar-meaning.ts); empty without an embedding.
    meaning as (
      select u.id, u.score from unnest(${meaning.ids}::uuid[], ${meaning.scores}::float8[]) u(id, score)
    ),
    candidates as (
      select id from text_scores where score >= ${SIMILAR_MIN_TEXT_SCORE}::float8
      union
      select id from meaning
      union
      (select m.id from messages m join source s on m.thread_id = s.thread_id where m.user_id = ${userId} and m.orphaned_at is null order by m.list_date desc limit ${related})
      union
      (select m.id from messages m join source s on m.sender_hash = s.sender_hash where m.user_id = ${userId} and m.orphaned_at is null order by m.list_date desc limit ${related})
    ),
    ranked as (
      select m.id, m.thread_id = s.thread_id as "sameThread", coalesce(m.sender_hash = s.sender_hash, false) as "sameSender",
             coalesce(t.score, 0)::float8 as "textScore", coalesce(mn.score, 0)::float8 as "meaningScore", m.list_date,
             (extract(epoch from m.list_date) * 1000)::float8 as "dateMillis", ${summaryColumns(sql)}
      from candidates c
      join messages m on m.id = c.id
      cross join source s
      left join text_scores t on t.id = m.id
      left join meaning mn on mn.id = m.id
      -- What the list of all mail shows (src/inbox/list.ts): no spam, nothing only in Trash or Junk, nothing on its way out.
      where m.id <> s.id and m.user_id = ${userId} and m.orphaned_at is null and not m.spam
        and exists (
          select 1 from message_copies mc
          where mc.message_id = m.id
            and mc.folder_id not in (
              select f.id from folders f where f.user_id = ${userId} and (f.special_use in ('trash', 'junk') or f.chosen_role in ('trash', 'junk'))))
        and not exists (select 1 from action_journal j where j.message_id = m.id and j.state = 'pending' and j.action in ('trash', 'delete', 'archive', 'junk'))
    )
    select json_agg(r order by r.score desc, r.list_date desc, r.id) as rows from (
      select ranked.*, (case when "sameThread" then 2 else 0 end) + (case when "sameSender" then 1 else 0 end) + "textScore" + "meaningScore" as score
      from ranked
      order by score desc, list_date desc, id
      limit ${limitLiteral(sql, limit)}
    ) r`;
  return result?.rows ?? [];
}

function match(row: Row): SimilarMatch {
  const reasons: SimilarReason[] = [];
  if (row.sameThread) reasons.push("sameThread");
  if (row.sameSender) reasons.push("sameSender");
  if (row.textScore >= SIMILAR_MIN_TEXT_SCORE) reasons.push("similarText");
  if (row.meaningScore >= SIMILAR_MIN_MEANING) reasons.push("similarMeaning");
  const rounded = (value: number) => Math.round(value * 1000) / 1000;
  return { id: row.id, score: rounded(row.score), textScore: rounded(row.textScore), meaningScore: rounded(row.meaningScore), reasons };
}

/**
 * The ids of the user's messages most like `messageId`, best first; empty
 * when the message is not the user's. For acting on them (e.g. "apply this
 * tag to similar messages"); the caller checks ownership and answers 404.
 * With `dataKey`, the ranking includes meaning (embeddings) as the shown
 * list does; without it, the local ranking alone.
 *
 * @example const ids = await similarMessageIds(sql, user.id, message.id, 8, message.dataKey);
 */
export async function similarMessageIds(sql: Sql, userId: string, messageId: string, limit = SIMILAR_MESSAGES, dataKey?: SecretKey): Promise<string[]> {
  const meaning = dataKey ? await meaningMatches(sql, dataKey, userId, messageId) : NO_MEANING;
  return (await rankedRows(sql, userId, messageId, limit, meaning)).map((row) => row.id);
}

/**
 * The user's messages most like `messageId`, best first, each with its
 * score and reasons; `dataKey` opens only these rows' subject and sender.
 *
 * @example const similar = await similarMessages(sql, message.dataKey, user.id, message.id);
 */
export async function similarMessages(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, limit = SIMILAR_MESSAGES): Promise<SimilarMessage[]> {
  const rows = await rankedRows(sql, userId, messageId, limit, await meaningMatches(sql, dataKey, userId, messageId));
  return rows.map((row) => {
    const shown = readSummary(dataKey, userId, row.id, { summary: byteaFromJson(row.summary), legacy: row.legacy });
    return { ...match(row), subject: shown ? shown.subject : null, from: shown?.from[0] ?? null, date: new Date(row.dateMillis) };
  });
}
