/**
 * What the parts of one write-back share: the session and the message, the
 * two ways an action ends early, and opening the folder a copy is in.
 */
import type { ImapFlow } from "imapflow";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { ExpectedIdentity } from "./copy-identity.ts";
import type { Copy } from "./local-copies.ts";

export interface ActionContext {
  sql: Sql;
  client: ImapFlow;
  account: { id: string; userId: string };
  messageId: string;
  journalId: string;
  expected: ExpectedIdentity;
  /** The user's data key: a tag made from a keyword the server reports has an encrypted name. */
  dataKey: SecretKey;
}

/** A problem no retry fixes: the journal records it and the job ends. */
export class ActionFailed extends Error {
  override name = "ActionFailed";
}

/** The message is not where the local state says; the job is retried after the requested sync has found it. */
export class AwaitingSync extends Error {
  override name = "AwaitingSync";
}

/**
 * Opens the copy's folder read-write and runs `work`; "gone" when the
 * folder was reset (the copy's UID means nothing there now) or deleted.
 */
export async function inCopyFolder<T>(client: ImapFlow, copy: Copy, work: () => Promise<T>): Promise<T | "gone"> {
  let lock: Awaited<ReturnType<ImapFlow["getMailboxLock"]>>;
  try {
    lock = await client.getMailboxLock(copy.path);
  } catch (error) {
    if ((error as { serverResponseCode?: string }).serverResponseCode === "NONEXISTENT") return "gone";
    throw error;
  }
  try {
    if (String(client.mailbox && client.mailbox.uidValidity) !== copy.uidvalidity) return "gone";
    return await work();
  } finally {
    lock.release();
  }
}
