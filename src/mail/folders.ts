/** Folders of an account as discovered on the server, with the user's include/exclude choice. */
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../auth/users.ts";
import type { DiscoveredFolder, SpecialUse } from "./imap/discover.ts";

export interface Folder {
  id: string;
  accountId: string;
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: SpecialUse | null;
  selected: boolean;
  uidvalidity: string | null;
  uidnext: string | null;
  highestmodseq: string | null;
  messageCount: number | null;
  initialLowUid: string | null;
  initialDone: boolean;
  uidvalidityResets: number;
  lastSyncedAt: Date | null;
  existsOnServer: boolean;
}

/** Virtual folders (Gmail's "All Mail", "Starred") repeat mail of other folders: not synced unless chosen. */
const NOT_SELECTED_BY_DEFAULT: ReadonlySet<SpecialUse> = new Set(["all", "flagged"]);

const COLUMNS = (sql: Sql) => sql`
  id, account_id as "accountId", path, name, delimiter, special_use as "specialUse", selected,
  uidvalidity::text, uidnext::text, highestmodseq::text, message_count as "messageCount",
  initial_low_uid::text as "initialLowUid", initial_done as "initialDone", uidvalidity_resets as "uidvalidityResets",
  last_synced_at as "lastSyncedAt", exists_on_server as "existsOnServer"`;

/** Inserts new folders, updates roles, marks vanished ones; keeps the user's selection of known folders. */
export async function saveDiscoveredFolders(sql: Sql, userId: string, accountId: string, discovered: DiscoveredFolder[]): Promise<void> {
  await sql.begin(async (tx) => {
    for (const folder of discovered) {
      await tx`
        insert into folders (account_id, user_id, path, name, delimiter, special_use, selected)
        values (${accountId}, ${userId}, ${folder.path}, ${folder.name}, ${folder.delimiter}, ${folder.specialUse},
                ${!folder.specialUse || !NOT_SELECTED_BY_DEFAULT.has(folder.specialUse)})
        on conflict (account_id, path) do update set
          name = excluded.name, delimiter = excluded.delimiter, special_use = excluded.special_use, exists_on_server = true`;
    }
    const paths = discovered.map((folder) => folder.path);
    await tx`update folders set exists_on_server = false where account_id = ${accountId} and not (path = any(${paths}::text[]))`;
  });
}

/** Folders of the user's account, INBOX first, then by role, then by path. */
export async function listFolders(sql: Sql, userId: string, accountId: string): Promise<Folder[]> {
  return await sql<Folder[]>`
    select ${COLUMNS(sql)} from folders where account_id = ${accountId} and user_id = ${userId}
    order by special_use = 'inbox' desc nulls last, special_use is null, path`;
}

/** Includes or excludes a folder of the user's account; choosing it again also lifts a UIDVALIDITY pause. */
export async function setFolderSelected(sql: Sql, userId: string, accountId: string, folderId: string, selected: boolean): Promise<Folder | undefined> {
  if (!isUuid(folderId) || !isUuid(accountId)) return undefined;
  const [folder] = await sql<Folder[]>`
    update folders set selected = ${selected}, uidvalidity_resets = case when ${selected} then 0 else uidvalidity_resets end
    where id = ${folderId} and account_id = ${accountId} and user_id = ${userId}
    returning ${COLUMNS(sql)}`;
  return folder;
}
