/** Folders of an account as discovered on the server, with the user's include/exclude choice. */
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import type { DiscoveredFolder, SpecialUse } from "./imap/discover.ts";
import { markOrphaned } from "./sync/orphans.ts";

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
  /** The server refused to keep a keyword here: tags on its messages stay local (src/tags/). */
  keywordsRefused: boolean;
}

/** Virtual folders (Gmail's "All Mail", "Starred") repeat mail of other folders: not synced unless chosen. */
const NOT_SELECTED_BY_DEFAULT: ReadonlySet<SpecialUse> = new Set(["all", "flagged"]);

const COLUMNS = (sql: Sql) => sql`
  id, account_id as "accountId", path, name, delimiter, special_use as "specialUse", selected,
  uidvalidity::text, uidnext::text, highestmodseq::text, message_count as "messageCount",
  initial_low_uid::text as "initialLowUid", initial_done as "initialDone", uidvalidity_resets as "uidvalidityResets",
  last_synced_at as "lastSyncedAt", exists_on_server as "existsOnServer", keywords_refused as "keywordsRefused"`;

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
    await forgetVanishedFolders(tx, accountId);
  });
}

/**
 * A folder gone from the server (deleted, or renamed: the new name is a new
 * folder) keeps no copies and starts from scratch if it comes back. Its
 * messages become orphans; those that turn up in another folder during the
 * sync (a rename) are linked again by identity, keeping their analysis.
 */
async function forgetVanishedFolders(tx: Queryable, accountId: string): Promise<void> {
  const dropped = await tx<{ messageId: string }[]>`
    delete from message_copies c using folders f
    where f.id = c.folder_id and f.account_id = ${accountId} and not f.exists_on_server
    returning c.message_id as "messageId"`;
  await tx`
    update folders set uidvalidity = null, uidnext = null, highestmodseq = null, message_count = null, initial_done = false, initial_low_uid = null
    where account_id = ${accountId} and not exists_on_server and (uidvalidity is not null or initial_done)`;
  await markOrphaned(
    tx,
    dropped.map((row) => row.messageId),
  );
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
