/** What the filter form offers: the user's accounts, folders and tags, with names decrypted for display. */
import { tagBinding } from "../../../../analysis/tags.ts";
import { decryptText } from "../../../../crypto/aead.ts";
import type { SecretKey } from "../../../../crypto/secret-key.ts";
import type { Sql } from "../../../../db/connection.ts";
import { listMailAccounts } from "../../../../mail/accounts.ts";

export interface FilterOptions {
  accounts: { id: string; label: string }[];
  folders: { id: string; accountId: string; label: string; specialUse: string | null }[];
  tags: { id: string; name: string }[];
}

export async function filterOptions(sql: Sql, dataKey: SecretKey, userId: string): Promise<FilterOptions> {
  const [accounts, folders, tagRows] = await Promise.all([
    listMailAccounts(sql, userId),
    sql<{ id: string; accountId: string; name: string; path: string; specialUse: string | null }[]>`
      select id, account_id as "accountId", name, path, special_use as "specialUse" from folders
      where user_id = ${userId} and exists_on_server
      order by account_id, special_use = 'inbox' desc nulls last, special_use is null, path`,
    sql<{ id: string; name: Uint8Array }[]>`select id, name_encrypted as name from tags where user_id = ${userId}`,
  ]);
  const labels = new Map(accounts.map((account) => [account.id, account.label]));
  const tags = tagRows
    .map((tag) => {
      try {
        return { id: tag.id, name: decryptText(dataKey, tag.name, tagBinding(userId, tag.id)) };
      } catch {
        // Tag names are written by the tagging feature; one that does not open is still filterable by its id.
        return { id: tag.id, name: tag.id.slice(0, 8) };
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    accounts: accounts.map((account) => ({ id: account.id, label: account.label })),
    folders: folders.map((folder) => ({ id: folder.id, accountId: folder.accountId, label: accounts.length > 1 ? `${labels.get(folder.accountId)} / ${folder.path}` : folder.path, specialUse: folder.specialUse })),
    tags,
  };
}
