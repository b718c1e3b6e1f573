/** What the filter form offers: the user's accounts, folders and tags, with names decrypted for display. */
import type { SecretKey } from "../crypto/secret-key.ts";
import { byteaFromJson } from "../db/bytea.ts";
import type { Sql } from "../db/connection.ts";
import { decryptTagName, type TagColour } from "../tags/tag-name.ts";

export interface FilterOptions {
  accounts: { id: string; label: string }[];
  /** `accountLabel` only when the user has several mailboxes; the view names the folder (views/folder-name.ts). */
  folders: { id: string; accountId: string; accountLabel: string | null; path: string; specialUse: string | null }[];
  tags: { id: string; name: string; colour: TagColour | null }[];
}

interface OptionRows {
  accounts: { id: string; label: string }[];
  folders: { id: string; accountId: string; path: string; specialUse: string | null }[];
  /** Names as their ciphertext, a bytea in JSON (byteaFromJson reads it). */
  tags: { id: string; name: string; colour: TagColour | null }[];
}

export async function filterOptions(sql: Sql, dataKey: SecretKey, userId: string): Promise<FilterOptions> {
  // One query for the three lists: every list page shows the form, and each query costs a round trip.
  const [rows] = await sql<[OptionRows]>`
    select
      coalesce((select json_agg(json_build_object('id', id, 'label', label) order by created_at)
                from mail_accounts where user_id = ${userId}), '[]') as accounts,
      coalesce((select json_agg(json_build_object('id', id, 'accountId', account_id, 'path', path, 'specialUse', special_use)
                                order by account_id, special_use = 'inbox' desc nulls last, special_use is null, path)
                from folders where user_id = ${userId} and exists_on_server), '[]') as folders,
      coalesce((select json_agg(json_build_object('id', id, 'name', name_encrypted, 'colour', color))
                from tags where user_id = ${userId}), '[]') as tags`;
  const { accounts, folders, tags } = rows!;
  const labels = new Map(accounts.map((account) => [account.id, account.label]));
  return {
    accounts,
    folders: folders.map((folder) => ({
      id: folder.id,
      accountId: folder.accountId,
      accountLabel: accounts.length > 1 ? (labels.get(folder.accountId) ?? null) : null,
      path: folder.path,
      specialUse: folder.specialUse,
    })),
    tags: tags.map((tag) => ({ id: tag.id, name: decryptTagName(dataKey, userId, tag.id, byteaFromJson(tag.name)), colour: tag.colour })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
