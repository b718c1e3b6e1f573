/**
 * The work of a `process_message` job: the first analysis of a message sync
 * just stored, under its owner's data key, the sender's "always archive",
 * the user's rules (once per message), then `processed_at` set once.
 *
 * Jobs run at least once: a worker killed after the work but before the job
 * was marked done runs it again elsewhere. The analysis guards itself (a
 * message already analysed is left alone) and `processed_at` is set once, so
 * a second run changes nothing. A strict-mode user who signed out meanwhile:
 * the data key is unavailable, the job fails and is retried with back-off
 * until they sign in again.
 */
import { dataKeyForBackgroundWork } from "../auth/data-key-access.ts";
import type { Config } from "../config.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { Sql } from "../db/connection.ts";
import { requestMessageAction } from "../mail/actions/request.ts";
import { runRulesOnNewMessage } from "../rules/run-new-message.ts";
import { analyseNewMessage } from "./analyse-message.ts";
import { emitMessageAnalysed } from "../webhooks/emit.ts";

/** The newsletter overview's "always archive" for the message's sender: archived on arrival, like the user would. */
async function archiveIfTheUserAlwaysDoes(sql: Sql, userId: string, messageId: string): Promise<void> {
  const [always] = await sql`
    select 1 from messages m join sender_patterns p on p.user_id = m.user_id and p.sender_hash = m.sender_hash
    where m.id = ${messageId} and m.user_id = ${userId} and p.always_archive`;
  if (always) await requestMessageAction(sql, userId, messageId, { action: "archive" }, { requestedBy: "always_archive" });
}

export async function processNewMessage(
  { sql, keyring, config, signal }: { sql: Sql; keyring: MasterKeyring; config: Config; signal?: AbortSignal },
  messageId: string,
): Promise<"analysed" | "already" | "gone"> {
  const [message] = await sql<{ userId: string }[]>`select user_id as "userId" from messages where id = ${messageId}`;
  if (!message) return "gone"; // deleted meanwhile
  const dataKey = await dataKeyForBackgroundWork(sql, keyring, config, message.userId);
  const outcome = await analyseNewMessage({ sql, dataKey, userId: message.userId, signal }, messageId);
  if (outcome === "gone") return outcome;
  if (outcome === "analysed") await archiveIfTheUserAlwaysDoes(sql, message.userId, messageId);
  if (outcome === "analysed") await emitMessageAnalysed(sql, message.userId, messageId);
  // Also after "already": a retry of a job that analysed but died before its rules ran (they run once, src/rules/run-new-message.ts).
  await runRulesOnNewMessage(sql, dataKey, message.userId, messageId);
  await sql`update messages set process_count = process_count + 1, processed_at = now() where id = ${messageId} and processed_at is null`;
  return outcome;
}
