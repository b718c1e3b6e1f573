/**
 * The IMAP keywords of the user's mailboxes, for the keywords page: per
 * account, every keyword its messages' server copies carry (as the last
 * sync or write-back read their flags), how many messages carry each, and
 * the tag it stands for here (tag_keywords, ./keywords.ts), if any. A tag's
 * recorded keyword that no message carries any more is listed with 0.
 * System keywords ($Forwarded, $Junk, …) never become tags and say so.
 * Folders whose server refuses keywords are named: tags there stay local.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { listMailAccounts } from "../mail/accounts/store.ts";
import { isSystemKeyword, keywordKey } from "./keywords.ts";
import { listTags, type Tag } from "./store.ts";

export interface KeywordUse {
  /** As the server spells it (keywords compare without regard to case). */
  keyword: string;
  /** Messages with a copy that carries it. */
  messages: number;
  system: boolean;
  tag: Pick<Tag, "id" | "name" | "colour"> | null;
}

export interface AccountKeywords {
  accountId: string;
  label: string;
  keywords: KeywordUse[];
  /** Folders of this account where the server keeps no keywords. */
  refusingFolders: string[];
}

export async function keywordOverview(sql: Sql, dataKey: SecretKey, userId: string): Promise<AccountKeywords[]> {
  const [accounts, tags, used, recorded, refusing] = await Promise.all([
    listMailAccounts(sql, userId),
    listTags(sql, dataKey, userId),
    sql<{ accountId: string; keyword: string; messages: number }[]>`
      select f.account_id as "accountId", min(k.flag) as keyword, count(distinct c.message_id)::int as messages
      from message_copies c
      join folders f on f.id = c.folder_id
      cross join lateral unnest(c.flags) as k(flag)
      where f.user_id = ${userId} and left(k.flag, 1) <> '\\'
      group by f.account_id, lower(k.flag)`,
    sql<{ accountId: string; keyword: string; tagId: string }[]>`
      select account_id as "accountId", keyword, tag_id as "tagId" from tag_keywords where user_id = ${userId}`,
    sql<{ accountId: string; name: string }[]>`
      select account_id as "accountId", name from folders where user_id = ${userId} and keywords_refused order by name`,
  ]);
  const tagById = new Map(tags.map((tag) => [tag.id, { id: tag.id, name: tag.name, colour: tag.colour }]));
  return accounts.map((account) => {
    const tagOf = new Map(recorded.filter((row) => row.accountId === account.id).map((row) => [keywordKey(row.keyword), { keyword: row.keyword, tagId: row.tagId }]));
    const keywords: KeywordUse[] = used
      .filter((row) => row.accountId === account.id)
      .map((row) => {
        const mapped = tagOf.get(keywordKey(row.keyword));
        return { keyword: row.keyword, messages: row.messages, system: isSystemKeyword(row.keyword), tag: mapped ? (tagById.get(mapped.tagId) ?? null) : null };
      });
    const seen = new Set(keywords.map((entry) => keywordKey(entry.keyword)));
    for (const [key, mapped] of tagOf) {
      if (!seen.has(key)) keywords.push({ keyword: mapped.keyword, messages: 0, system: false, tag: tagById.get(mapped.tagId) ?? null });
    }
    keywords.sort((a, b) => Number(a.system) - Number(b.system) || b.messages - a.messages || a.keyword.localeCompare(b.keyword));
    return {
      accountId: account.id,
      label: account.label,
      keywords,
      refusingFolders: refusing.filter((row) => row.accountId === account.id).map((row) => row.name),
    };
  });
}
