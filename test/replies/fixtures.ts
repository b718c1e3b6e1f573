/** A mailbox with a Sent folder, for reply proposals: incoming mail in INBOX, the user's earlier replies in Sent. */
import { listFolders, saveDiscoveredFolders } from "../../src/mail/folders.ts";
import type { Services } from "../../src/services.ts";
import { createTestMailbox, storeMails, type TestMail, type TestMailbox } from "../search/fixtures.ts";
import type { TestUser } from "../support/users.ts";

export async function mailboxWithSent(services: Services, owner: TestUser): Promise<TestMailbox> {
  const box = await createTestMailbox(services, owner);
  await saveDiscoveredFolders(services.sql, owner.user.id, box.account.id, [
    ...Object.values(box.folders).map((folder) => ({ path: folder.path, name: folder.name, delimiter: "/", specialUse: folder.specialUse })),
    { path: "Sent", name: "Sent", delimiter: "/", specialUse: "sent" },
  ]);
  const sent = (await listFolders(services.sql, owner.user.id, box.account.id)).find((folder) => folder.path === "Sent")!;
  (box.folders as Record<string, typeof sent>).Sent = sent;
  return box;
}

/** Stores the user's own messages in Sent; returns their ids. */
export async function storeSent(services: Services, owner: TestUser, box: TestMailbox, mails: TestMail[]): Promise<string[]> {
  return await storeMails(services, owner, box, mails, "Sent" as keyof TestMailbox["folders"]);
}
