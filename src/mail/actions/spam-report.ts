/**
 * "Spam melden" and "Kein Spam": in one step the analyser learns it (a
 * spam correction, with everything a correction teaches) and the message
 * moves to the account's Junk folder, or out of it to INBOX, on the server,
 * so every other mail client agrees. The sync that later sees the message
 * in (or out of) Junk finds the analysis already corrected and counts
 * nothing twice (../sync/junk-moves.ts).
 */
import { applyCorrection } from "../../analysis/corrections.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { requestMessageAction, type RequestOptions, type RequestResult } from "./request.ts";
import { findRoleFolder } from "./role-folders.ts";

/** journalId null: "not spam" for a message that is not in Junk changes the analysis only. */
export type SpamReportResult = { ok: true; journalId: string | null } | Extract<RequestResult, { ok: false }>;

export async function reportSpam(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, spam: boolean, options: RequestOptions = {}): Promise<SpamReportResult> {
  const corrected = await applyCorrection(sql, dataKey, userId, messageId, { spam });
  // A message not analysed yet still moves; its analysis will read the Junk folder as the server's verdict.
  if (!corrected.ok && corrected.reason === "not_found") return { ok: false, reason: "not_found" };
  if (spam) return await requestMessageAction(sql, userId, messageId, { action: "junk" }, options);
  if (!(await inJunk(sql, userId, messageId))) return { ok: true, journalId: null };
  return await requestMessageAction(sql, userId, messageId, { action: "inbox" }, options);
}

async function inJunk(sql: Sql, userId: string, messageId: string): Promise<boolean> {
  const [message] = await sql<{ accountId: string }[]>`select account_id as "accountId" from messages where id = ${messageId} and user_id = ${userId}`;
  const junk = message && (await findRoleFolder(sql, message.accountId, "junk"));
  if (!junk) return false;
  const [copy] = await sql`select 1 from message_copies where message_id = ${messageId} and folder_id = ${junk.id}`;
  return Boolean(copy);
}

/**
 * "Spam melden" / "Kein Spam" for many messages, in one batch (undone as a
 * whole). `journalId` is the batch's first server move (null when none was
 * needed); `reported` counts the messages corrected.
 */
export async function reportSpamBulk(sql: Sql, dataKey: SecretKey, userId: string, ids: string[], spam: boolean): Promise<{ reported: number; notFound: number; journalId: string | null }> {
  const batchId = crypto.randomUUID();
  let reported = 0;
  let notFound = 0;
  let journalId: string | null = null;
  for (const id of ids) {
    const result = await reportSpam(sql, dataKey, userId, id, spam, { batchId });
    if (result.ok) {
      reported++;
      journalId ??= result.journalId;
    } else if (result.reason === "not_found") notFound++;
  }
  return { reported, notFound, journalId };
}
