/**
 * The draft's copy in the account's Drafts folder on the server, so other
 * mail clients see it: APPEND the current revision (\Draft \Seen), then
 * delete the previous copy by UID, so a crash in between leaves two copies
 * rather than none. A deleted draft (or one whose message was sent) has its
 * copy removed and its row deleted. Runs as the job save_draft_copy, whose
 * payload carries the ids only; everything is re-read and re-checked here.
 */
import type { ImapFlow } from "imapflow";
import { dataKeyForBackgroundWork } from "../../auth/data-key-access.ts";
import type { JobContext } from "../../jobs/define-task.ts";
import { accountConnection } from "../accounts/store.ts";
import { withImapSession } from "../imap/session.ts";
import { draftMessage } from "./draft-message.ts";
import { getDraft } from "./drafts.ts";
import { senderAccounts } from "./own-addresses.ts";
import { formatMailbox } from "./recipients.ts";

interface ServerCopy {
  id: string;
  accountId: string | null;
  revision: number;
  serverRevision: number;
  deleted: boolean;
  folderPath: string | null;
  uidvalidity: string | null;
  uid: string | null;
}

export type DraftCopyOutcome = "saved" | "current" | "removed" | "no_account" | "gone";

/** The account's Drafts folder: the user's choice, else the server's \Drafts, else one named "Drafts" created now. */
async function draftsFolder(job: JobContext, client: ImapFlow, accountId: string, userId: string): Promise<{ id: string; path: string }> {
  const [found] = await job.sql<{ id: string; path: string }[]>`
    select id, path from folders where account_id = ${accountId} and exists_on_server and (chosen_role = 'drafts' or special_use = 'drafts')
    order by chosen_role is null limit 1`;
  if (found) return found;
  const prefix = client.namespaces?.personal?.[0]?.prefix ?? "";
  const created = await client.mailboxCreate(`${prefix}Drafts`);
  const [folder] = await job.sql<{ id: string; path: string }[]>`
    insert into folders (account_id, user_id, path, name, delimiter, special_use, selected, chosen_role)
    values (${accountId}, ${userId}, ${created.path}, 'Drafts', ${client.namespaces?.personal?.[0]?.delimiter ?? null}, null, true, 'drafts')
    on conflict (account_id, path) do update set chosen_role = coalesce(folders.chosen_role, 'drafts'), exists_on_server = true
    returning id, path`;
  return folder!;
}

/** Deletes the old copy by UID, if the folder is still the one it was appended to (same UIDVALIDITY). */
async function removeCopy(client: ImapFlow, copy: { path: string; uidvalidity: string | null; uid: string }): Promise<void> {
  const mailbox = await client.mailboxOpen(copy.path);
  if (copy.uidvalidity !== null && String(mailbox.uidValidity) !== copy.uidvalidity) return;
  await client.messageDelete(copy.uid, { uid: true });
}

export async function saveDraftCopy(job: JobContext, { draftId, userId }: { draftId: string; userId: string }): Promise<DraftCopyOutcome> {
  const [row] = await job.sql<ServerCopy[]>`
    select d.id, d.account_id as "accountId", d.revision, d.server_revision as "serverRevision", d.deleted_at is not null as deleted,
           f.path as "folderPath", d.server_uidvalidity::text as uidvalidity, d.server_uid::text as uid
    from drafts d left join folders f on f.id = d.server_folder_id
    where d.id = ${draftId} and d.user_id = ${userId}`;
  if (!row) return "gone";
  const previous = row.folderPath && row.uid ? { path: row.folderPath, uidvalidity: row.uidvalidity, uid: row.uid } : null;
  if (!row.accountId) {
    if (row.deleted) await job.sql`delete from drafts where id = ${draftId} and user_id = ${userId}`;
    return row.deleted ? "removed" : "no_account";
  }
  if (!row.deleted && row.revision === row.serverRevision) return "current";
  const dataKey = await dataKeyForBackgroundWork(job.sql, job.keyring, job.config, userId);
  const account = await accountConnection(job.sql, dataKey, userId, row.accountId);
  if (!account) return "gone";
  const accountId = row.accountId;
  return await withImapSession(job.sql, account, "draft", `job:${job.jobId}`, async (client) => {
    if (row.deleted) {
      if (previous) await removeCopy(client, previous);
      await job.sql`delete from drafts where id = ${draftId} and user_id = ${userId}`;
      return "removed";
    }
    const draft = await getDraft(job.sql, dataKey, userId, draftId);
    if (!draft) return "gone";
    const sender = (await senderAccounts(job.sql, dataKey, userId)).find((entry) => entry.accountId === accountId);
    const from = sender?.address ? formatMailbox({ name: "", address: sender.address }) : null;
    const messageId = `<draft-${draftId}-${draft.revision}@mail-helper>`;
    const folder = await draftsFolder(job, client, accountId, userId);
    const appended = await client.append(folder.path, draftMessage(draft, { from, messageId, date: new Date() }), ["\\Draft", "\\Seen"]);
    let uid = appended && appended.uid !== undefined ? String(appended.uid) : null;
    let uidvalidity = appended && appended.uidValidity !== undefined ? String(appended.uidValidity) : null;
    if (!uid) {
      // No UIDPLUS: find the copy by its Message-ID.
      const mailbox = await client.mailboxOpen(folder.path);
      uidvalidity = String(mailbox.uidValidity);
      const found = await client.search({ header: { "message-id": messageId } }, { uid: true });
      uid = found && found.length > 0 ? String(found[found.length - 1]) : null;
    }
    if (previous) await removeCopy(client, previous);
    await job.sql`
      update drafts set server_folder_id = ${folder.id}, server_uidvalidity = ${uidvalidity}::bigint, server_uid = ${uid}::bigint,
             server_revision = ${draft.revision}, server_saved_at = now()
      where id = ${draftId} and user_id = ${userId}`;
    return "saved";
  });
}
