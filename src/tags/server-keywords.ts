/**
 * Keywords another mail client set or removed become tags here. After the
 * copies' flags have been read from the server (a sync, or the flags a
 * write-back fetched back), each message's keywords are compared with its
 * tags:
 * - a tag's keyword on the server and the tag not here: the tag is put on
 *   (a keyword no tag has yet makes that tag, named after it);
 * - a tag the server was seen holding whose keyword is gone: taken off;
 * - a tag here whose keyword the server holds: marked as held
 *   (`message_tags.on_server`), so that a later removal there counts.
 * A keyword with a write of ours still pending is left alone: the server
 * has not caught up with the user yet. Changes found by a sync teach the
 * tag suggestions, once per message and never from the user's own mail
 * (a copy in Sent or Drafts); a write-back's own echo teaches nothing.
 */
import type { TransactionSql } from "postgres";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { isSystemKeyword, keywordKey } from "./keywords.ts";
import { learnLater } from "./learn-later.ts";
import { TAG_NAME_MAX_CHARS } from "./limits.ts";
import { findOrCreateTag } from "./store.ts";
import { cleanTagName } from "./tag-name.ts";

export interface KeywordTarget {
  userId: string;
  accountId: string;
  dataKey: SecretKey;
}

export interface KeywordOptions {
  /** A sync's findings teach; a write-back's echo of its own change does not. */
  learn: boolean;
  /** The write-back that is reading its flags back: its own journal entry is no longer "pending" for this purpose. */
  exceptJournalId?: string;
}

interface MessageKeywords {
  id: string;
  /** As the server spells them (the name of a tag made from one keeps its case). */
  keywords: string[];
  own: boolean;
}

/** Whether a copy's flags hold any keyword (most mail has none: nothing to compare). */
export const hasKeywords = (flags: readonly string[]) => flags.some((flag) => !flag.startsWith("\\"));

export async function followServerKeywords(sql: Sql, target: KeywordTarget, messageIds: string[], options: KeywordOptions): Promise<{ added: number; removed: number }> {
  const ids = [...new Set(messageIds)];
  if (ids.length === 0) return { added: 0, removed: 0 };
  const { userId, accountId } = target;
  return await sql.begin(async (tx) => {
    // Messages without any copy keep their tags: they are between folders or about to be purged.
    const messages = await tx<MessageKeywords[]>`
      select m.id,
             coalesce(array_agg(distinct k.flag) filter (where k.flag is not null and left(k.flag, 1) <> '\\'), '{}') as keywords,
             bool_or(f.special_use in ('sent', 'drafts')) as own
      from messages m
      join message_copies c on c.message_id = m.id
      join folders f on f.id = c.folder_id
      left join lateral unnest(c.flags) as k(flag) on true
      where m.user_id = ${userId} and m.account_id = ${accountId} and m.id = any(${ids}::uuid[])
      group by m.id
      order by m.id`;
    if (messages.length === 0) return { added: 0, removed: 0 };
    const found = messages.map((message) => message.id);
    const tagOfKeyword = new Map(
      (await tx<{ tagId: string; keyword: string }[]>`select tag_id as "tagId", lower(keyword) as keyword from tag_keywords where account_id = ${accountId} and user_id = ${userId}`).map((row) => [
        row.keyword,
        row.tagId,
      ]),
    );
    const keywordOfTag = new Map([...tagOfKeyword].map(([keyword, tagId]) => [tagId, keyword]));
    const tagsOn = await tx<{ messageId: string; tagId: string; onServer: boolean }[]>`
      select message_id as "messageId", tag_id as "tagId", on_server as "onServer" from message_tags where user_id = ${userId} and message_id = any(${found}::uuid[])`;
    const pending = new Set(
      (
        await tx<{ key: string }[]>`
          select message_id || ':' || lower(params->>'keyword') as key from action_journal
          where user_id = ${userId} and message_id = any(${found}::uuid[]) and state = 'pending' and action in ('add_keyword', 'remove_keyword')
            and id is distinct from ${options.exceptJournalId ?? null}::uuid`
      ).map((row) => row.key),
    );
    const has = new Map<string, Map<string, boolean>>();
    for (const row of tagsOn) has.set(row.messageId, (has.get(row.messageId) ?? new Map()).set(row.tagId, row.onServer));

    const adds: { messageId: string; tagId: string }[] = [];
    const held: { messageId: string; tagId: string }[] = [];
    const removes: { messageId: string; tagId: string }[] = [];
    const learned: { messageId: string; tagId: string; kind: "assigned" | "removed" }[] = [];
    for (const message of messages) {
      const tags = has.get(message.id) ?? new Map<string, boolean>();
      const teach = options.learn && !message.own;
      const onServer = new Set(message.keywords.map(keywordKey));
      const looked = new Set<string>();
      for (const spelled of message.keywords) {
        const keyword = keywordKey(spelled);
        if (looked.has(keyword) || isSystemKeyword(keyword) || pending.has(`${message.id}:${keyword}`)) continue;
        looked.add(keyword);
        let tagId = tagOfKeyword.get(keyword);
        if (!tagId) {
          tagId = await tagForNewKeyword(tx, target, spelled);
          if (!tagId) continue;
          tagOfKeyword.set(keyword, tagId);
          keywordOfTag.set(tagId, keyword);
        }
        if (!tags.has(tagId)) {
          adds.push({ messageId: message.id, tagId });
          if (teach) learned.push({ messageId: message.id, tagId, kind: "assigned" });
        } else if (!tags.get(tagId)) held.push({ messageId: message.id, tagId });
      }
      for (const [tagId, wasOnServer] of tags) {
        const keyword = keywordOfTag.get(tagId);
        if (!keyword || !wasOnServer || onServer.has(keyword) || pending.has(`${message.id}:${keyword}`)) continue;
        removes.push({ messageId: message.id, tagId });
        if (teach) learned.push({ messageId: message.id, tagId, kind: "removed" });
      }
    }
    if (adds.length > 0)
      await tx`
        insert into message_tags (message_id, tag_id, user_id, source, on_server)
        select r."messageId", r."tagId", ${userId}, 'server', true from jsonb_to_recordset(${tx.json(adds as never)}) as r("messageId" uuid, "tagId" uuid)
        on conflict (message_id, tag_id) do update set on_server = true`;
    if (held.length > 0)
      await tx`
        update message_tags t set on_server = true from jsonb_to_recordset(${tx.json(held as never)}) as r("messageId" uuid, "tagId" uuid)
        where t.message_id = r."messageId" and t.tag_id = r."tagId" and t.user_id = ${userId}`;
    if (removes.length > 0)
      await tx`
        delete from message_tags t using jsonb_to_recordset(${tx.json(removes as never)}) as r("messageId" uuid, "tagId" uuid)
        where t.message_id = r."messageId" and t.tag_id = r."tagId" and t.user_id = ${userId}`;
    for (const kind of ["assigned", "removed"] as const) {
      const byTag = new Map<string, string[]>();
      for (const item of learned.filter((entry) => entry.kind === kind)) byTag.set(item.tagId, [...(byTag.get(item.tagId) ?? []), item.messageId]);
      for (const [tagId, messageIds] of byTag) await learnLater(tx, { userId, tagId, kind, messageIds }, "bulk");
    }
    return { added: adds.length, removed: removes.length };
  });
}

/** The tag a keyword no tag of this account has stands for: the user's tag of that name, or a new one; recorded as that tag's keyword here. */
async function tagForNewKeyword(tx: TransactionSql, target: KeywordTarget, keyword: string): Promise<string | undefined> {
  const name = cleanTagName(keyword).slice(0, TAG_NAME_MAX_CHARS);
  if (!name) return undefined;
  const tag = await findOrCreateTag(tx, target.dataKey, target.userId, name);
  if (!tag.ok) return undefined;
  const [recorded] = await tx<{ tagId: string }[]>`
    insert into tag_keywords (tag_id, account_id, user_id, keyword) values (${tag.tag.id}, ${target.accountId}, ${target.userId}, ${keyword})
    on conflict do nothing returning tag_id as "tagId"`;
  // The tag already has another keyword in this account: it keeps that one; this keyword is not its.
  return recorded ? tag.tag.id : undefined;
}
