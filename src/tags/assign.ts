/**
 * Putting a tag on messages and taking it off. The local change is at
 * once (the list and the page show it); the keyword follows on the server
 * through the action journal, so it reaches other mail clients and the
 * notice's undo takes it back. Where no folder of a message keeps keywords
 * (./server-keywords.ts, `folders.keywords_refused`) the tag stays local.
 * Every change teaches the tag suggestions (a job, ids only).
 */
import type { TransactionSql } from "postgres";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { journalMessageAction } from "../mail/actions/request.ts";
import { tagKeyword } from "./keywords.ts";
import { learnLater } from "./learn-later.ts";
import { decryptTagName } from "./tag-name.ts";

export type TagSource = "user" | "ai" | "rule";

export interface TagChange {
  /** Messages that changed (had the tag not / had it). */
  changed: string[];
  /** Ids that named no message of the user's. */
  notFound: number;
  /** The first journal entry of the server writes; undoing it undoes them all. Null when nothing went to the server. */
  journalId: string | null;
}

interface OwnedMessage {
  id: string;
  accountId: string;
  /** Some copy is in a folder that keeps keywords. */
  keywordsKept: boolean;
}

async function ownedMessages(tx: TransactionSql, userId: string, messageIds: string[]): Promise<OwnedMessage[]> {
  return await tx<OwnedMessage[]>`
    select m.id, m.account_id as "accountId",
           exists (select 1 from message_copies c join folders f on f.id = c.folder_id
                   where c.message_id = m.id and f.exists_on_server and not f.keywords_refused) as "keywordsKept"
    from messages m where m.user_id = ${userId} and m.id = any(${messageIds}::uuid[])
    order by m.id for update of m`;
}

async function tagNameOf(tx: TransactionSql, dataKey: SecretKey, userId: string, tagId: string): Promise<string | undefined> {
  const [tag] = await tx<{ name: Uint8Array }[]>`select name_encrypted as name from tags where id = ${tagId} and user_id = ${userId}`;
  return tag ? decryptTagName(dataKey, userId, tagId, tag.name) : undefined;
}

/** Puts the tag on the messages; undefined when the tag is not the user's. */
export async function addTag(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  tagId: string,
  messageIds: string[],
  options: { source?: TagSource; tx?: TransactionSql; batchId?: string } = {},
): Promise<TagChange | undefined> {
  const source = options.source ?? "user";
  const work = async (tx: TransactionSql) => {
    const name = await tagNameOf(tx, dataKey, userId, tagId);
    if (name === undefined) return undefined;
    const messages = await ownedMessages(tx, userId, messageIds);
    const added = await tx<{ id: string }[]>`
      insert into message_tags (message_id, tag_id, user_id, source)
      select id, ${tagId}, ${userId}, ${source} from unnest(${messages.map((message) => message.id)}::uuid[]) as id
      on conflict do nothing returning message_id as id`;
    const changed = new Set(added.map((row) => row.id));
    const batchId = options.batchId ?? crypto.randomUUID();
    let journalId: string | null = null;
    for (const message of messages) {
      if (!changed.has(message.id) || !message.keywordsKept) continue;
      const keyword = await tagKeyword(tx, userId, message.accountId, tagId, name);
      const result = await journalMessageAction(tx, userId, message.id, { action: "add_keyword", keyword }, { requestedBy: source, batchId });
      if (result.ok) journalId ??= result.journalId;
    }
    await learnLater(tx, { userId, tagId, kind: "assigned", messageIds: [...changed] });
    return { changed: [...changed], notFound: new Set(messageIds).size - messages.length, journalId };
  };
  return options.tx ? await work(options.tx) : await sql.begin(work);
}

/**
 * Takes the tag off the messages; undefined when the tag is not the
 * user's. The server is asked to drop the keyword where it holds it or a
 * write of it is still pending (the removal queues behind it).
 */
export async function removeTag(
  sql: Sql,
  userId: string,
  tagId: string,
  messageIds: string[],
  options: { learn?: boolean; tx?: TransactionSql; batchId?: string } = {},
): Promise<TagChange | undefined> {
  const work = async (tx: TransactionSql) => {
    const [tag] = await tx`select 1 from tags where id = ${tagId} and user_id = ${userId}`;
    if (!tag) return undefined;
    const messages = await ownedMessages(tx, userId, messageIds);
    const removed = await tx<{ id: string; onServer: boolean }[]>`
      delete from message_tags where tag_id = ${tagId} and user_id = ${userId} and message_id = any(${messages.map((message) => message.id)}::uuid[])
      returning message_id as id, on_server as "onServer"`;
    const keywords = await tx<{ accountId: string; keyword: string }[]>`select account_id as "accountId", keyword from tag_keywords where tag_id = ${tagId} and user_id = ${userId}`;
    const keywordIn = new Map(keywords.map((row) => [row.accountId, row.keyword]));
    const pendingAdds = new Set(
      (
        await tx<{ id: string }[]>`
          select distinct j.message_id as id from action_journal j join tag_keywords k on k.account_id = j.account_id and k.tag_id = ${tagId}
          where j.user_id = ${userId} and j.state = 'pending' and j.action = 'add_keyword' and lower(j.params->>'keyword') = lower(k.keyword)
            and j.message_id = any(${removed.map((row) => row.id)}::uuid[])`
      ).map((row) => row.id),
    );
    const accountOf = new Map(messages.map((message) => [message.id, message.accountId]));
    const batchId = options.batchId ?? crypto.randomUUID();
    let journalId: string | null = null;
    for (const row of removed) {
      const keyword = keywordIn.get(accountOf.get(row.id)!);
      if (!keyword || !(row.onServer || pendingAdds.has(row.id))) continue;
      const result = await journalMessageAction(tx, userId, row.id, { action: "remove_keyword", keyword }, { batchId });
      if (result.ok) journalId ??= result.journalId;
    }
    if (options.learn !== false) await learnLater(tx, { userId, tagId, kind: "removed", messageIds: removed.map((row) => row.id) });
    return { changed: removed.map((row) => row.id), notFound: new Set(messageIds).size - messages.length, journalId };
  };
  return options.tx ? await work(options.tx) : await sql.begin(work);
}
