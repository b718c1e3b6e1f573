/**
 * A user's mailbox filled through the real store path (parse → storeBatch),
 * without an IMAP server: the list and search read what sync writes.
 */
import type { Services } from "../../src/services.ts";
import { createMailAccount, type MailAccount } from "../../src/mail/accounts/store.ts";
import { listFolders, saveDiscoveredFolders, type Folder } from "../../src/mail/folders.ts";
import { parseMessage } from "../../src/mail/parse/parse-message.ts";
import { identityKeys } from "../../src/mail/message-identity.ts";
import { storeBatch, type FetchedMessage } from "../../src/mail/sync/store.ts";
import { makeMessage } from "../support/messages.ts";
import type { TestUser } from "../support/users.ts";

export interface TestMail {
  subject: string;
  body?: string;
  from?: string;
  /** The To header; "me@example.org" when absent. */
  to?: string;
  flags?: string[];
  size?: number;
  date?: Date;
  /** Further header fields (Authentication-Results, X-Spam-Flag…). */
  headers?: Record<string, string>;
}

export interface TestMailbox {
  account: MailAccount;
  folders: Record<"INBOX" | "Archive" | "Trash" | "Junk", Folder>;
  nextUid: Map<string, number>;
}

export async function createTestMailbox(services: Services, owner: TestUser, label = "Test"): Promise<TestMailbox> {
  const account = await createMailAccount(services.sql, owner.dataKey, owner.user.id, { label, host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
  await saveDiscoveredFolders(services.sql, owner.user.id, account.id, [
    { path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" },
    { path: "Archive", name: "Archive", delimiter: "/", specialUse: "archive" },
    { path: "Trash", name: "Trash", delimiter: "/", specialUse: "trash" },
    { path: "Junk", name: "Junk", delimiter: "/", specialUse: "junk" },
  ]);
  const folders = Object.fromEntries((await listFolders(services.sql, owner.user.id, account.id)).map((folder) => [folder.path, folder])) as TestMailbox["folders"];
  return { account, folders, nextUid: new Map() };
}

/** Stores the mails in `folder` (250 per batch, like sync); returns their message ids in the order given. */
export async function storeMails(services: Services, owner: TestUser, box: TestMailbox, mails: TestMail[], folder: keyof TestMailbox["folders"] = "INBOX"): Promise<string[]> {
  const target = { userId: owner.user.id, accountId: box.account.id, folderId: box.folders[folder].id, uidvalidity: 1n, dataKey: owner.dataKey, identity: identityKeys(owner.dataKey) };
  const ids: string[] = [];
  for (let start = 0; start < mails.length; start += 250) {
    const batch: FetchedMessage[] = [];
    for (const mail of mails.slice(start, start + 250)) {
      const raw = makeMessage({
        from: mail.from ?? "Anna Schmidt <anna@example.org>",
        to: mail.to ?? "me@example.org",
        subject: mail.subject,
        body: mail.body ?? "Hallo",
        date: mail.date,
        headers: mail.headers,
      });
      const uid = (box.nextUid.get(folder) ?? 0) + 1;
      box.nextUid.set(folder, uid);
      batch.push({ uid, flags: mail.flags ?? [], modseq: null, internalDate: mail.date ?? null, size: mail.size ?? raw.length, parsed: await parseMessage(new TextEncoder().encode(raw)) });
    }
    await storeBatch(services.sql, target, batch);
    const uids = batch.map((message) => message.uid);
    const rows = await services.sql<{ uid: string; id: string }[]>`
      select c.uid::text, c.message_id as id from message_copies c where c.folder_id = ${target.folderId} and c.uid = any(${uids}::bigint[])`;
    const byUid = new Map(rows.map((row) => [Number(row.uid), row.id]));
    ids.push(...uids.map((uid) => byUid.get(uid)!));
  }
  return ids;
}
