/**
 * The `send_message` job's work: claim the queued row (queued → sending, in
 * one statement, so an undo and the job never both win), hand the stored
 * MIME to the account's SMTP server, then the after-steps: a Sent copy by
 * IMAP APPEND (\Seen) unless the provider files one itself, a sync so the
 * copy reaches the thread, and \Answered on the replied message through the
 * journaled write-back.
 *
 * Crash safety: once the SMTP server accepted the message the row is marked
 * sent before anything else, and the after-steps never make the job fail
 * (a retry would send twice). A worker that dies between the claim and that
 * mark leaves the row `sending`; the retried job then marks it failed with a
 * note to check the Sent folder rather than risk a second copy.
 */
import { dataKeyForBackgroundWork, DataKeyUnavailableError } from "../../auth/data-key-access.ts";
import { decrypt, decryptText } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { JobContext } from "../../jobs/define-task.ts";
import { loadOutboundPolicy } from "../../net/allowed-targets-store.ts";
import { requestMessageAction } from "../actions/request.ts";
import { accountConnection } from "../accounts/store.ts";
import { withImapSession } from "../imap/session.ts";
import { requestSync } from "../sync/request.ts";
import { sendBinding, type Envelope } from "./queue-send.ts";
import { SEND_MAX_ATTEMPTS } from "./send-limits.ts";
import { smtpConnection } from "./smtp-settings.ts";
import { classifySmtpError, createSmtpTransport, TRANSIENT_SMTP_FAILURES } from "./transport.ts";
import { emitWebhookEvent } from "../../webhooks/emit.ts";

export type DeliverOutcome = "sent" | "failed" | "skipped";

interface Claimed {
  userId: string;
  accountId: string;
  mime: Uint8Array;
  envelope: Uint8Array;
  repliedMessageId: string | null;
  attempts: number;
}

/** Thrown to have graphile-worker run the job again later (the row went back to `queued`). */
export class SendRetry extends Error {
  override name = "SendRetry";
}

export async function deliverQueuedSend(job: Pick<JobContext, "sql" | "keyring" | "config" | "log">, sendId: string, holder: string): Promise<DeliverOutcome> {
  const { sql } = job;
  const [row] = await sql<Claimed[]>`
    update outgoing_messages o set status = 'sending', attempts = attempts + 1
    from mail_accounts a
    where o.id = ${sendId} and o.status = 'queued' and o.send_after <= now() and a.id = o.account_id and a.user_id = o.user_id
    returning o.user_id as "userId", o.account_id as "accountId", o.mime_encrypted as mime, o.envelope_encrypted as envelope,
              o.replied_message_id as "repliedMessageId", o.attempts`;
  if (!row) {
    const [left] = await sql<{ status: string }[]>`select status from outgoing_messages where id = ${sendId}`;
    if (left?.status === "queued") throw new SendRetry("not due yet"); // started early: later, never dropped
    if (left?.status === "sending") {
      await sql`update outgoing_messages set status = 'failed', error = 'sending was interrupted; check the Sent folder before sending again' where id = ${sendId} and status = 'sending'`;
      return "failed";
    }
    return "skipped"; // cancelled (undo), already sent, or the row is gone
  }
  const fail = async (error: string) => {
    await sql`update outgoing_messages set status = 'failed', error = ${error} where id = ${sendId}`;
    await emitWebhookEvent(sql, row.userId, "send.failed", { sendId, accountId: row.accountId });
    return "failed" as const;
  };
  const retryLater = async (error: string): Promise<never> => {
    await sql`update outgoing_messages set status = 'queued', error = ${error} where id = ${sendId}`;
    throw new SendRetry(error);
  };

  try {
    const sent = await send(job, sendId, row, fail, retryLater);
    if (sent === "failed") return "failed";
    await afterSending(job, { ...sent, sendId, holder, userId: row.userId, accountId: row.accountId, repliedMessageId: row.repliedMessageId });
    return "sent";
  } catch (error) {
    if (error instanceof SendRetry) throw error;
    // Unexpected (a decryption or database error): recorded, so the row does not stay "sending"; the details go to the log only.
    job.log.error("sending failed unexpectedly", { sendId, error: (error as Error).name, code: (error as { code?: string }).code });
    const [current] = await sql<{ status: string }[]>`select status from outgoing_messages where id = ${sendId}`;
    if (current?.status === "sending") await fail("internal error while sending");
    return current?.status === "sent" ? "sent" : "failed";
  }
}

/** Opens the key and the stored message, and hands it to the server; the row is `sent` when this returns. */
async function send(
  job: Pick<JobContext, "sql" | "keyring" | "config" | "log">,
  sendId: string,
  row: Claimed,
  fail: (error: string) => Promise<"failed">,
  retryLater: (error: string) => Promise<never>,
): Promise<Pick<Sent, "dataKey" | "mime" | "sentByServer"> | "failed"> {
  const { sql } = job;
  let dataKey: SecretKey;
  try {
    dataKey = await dataKeyForBackgroundWork(sql, job.keyring, job.config, row.userId);
  } catch (error) {
    if (!(error instanceof DataKeyUnavailableError)) throw error;
    if (row.attempts < SEND_MAX_ATTEMPTS) return await retryLater("waiting for the user to sign in");
    return await fail("the user's key was not available (strict key mode, signed out)");
  }
  const smtp = await smtpConnection(sql, dataKey, row.userId, row.accountId);
  if (!smtp) return await fail("the account has no outgoing server (SMTP) settings");
  const mime = decrypt(dataKey, row.mime, sendBinding(row.userId, sendId, "mime"));
  const envelope = JSON.parse(decryptText(dataKey, row.envelope, sendBinding(row.userId, sendId, "envelope"))) as Envelope;

  try {
    const transport = await createSmtpTransport(smtp, await loadOutboundPolicy(sql));
    try {
      await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw: Buffer.from(mime) });
    } finally {
      transport.close();
    }
  } catch (error) {
    const failure = classifySmtpError(error);
    job.log.warn("sending failed", { sendId, reason: failure.reason, responseCode: failure.responseCode });
    if (TRANSIENT_SMTP_FAILURES.has(failure.reason) && row.attempts < SEND_MAX_ATTEMPTS) return await retryLater(failure.message);
    return await fail(failure.message);
  }
  await sql`update outgoing_messages set status = 'sent', sent_at = now(), error = null where id = ${sendId}`;
  return { dataKey, mime, sentByServer: smtp.sentByServer };
}

interface Sent {
  sendId: string;
  holder: string;
  userId: string;
  accountId: string;
  dataKey: SecretKey;
  mime: Uint8Array;
  sentByServer: boolean;
  repliedMessageId: string | null;
}

/** The Sent copy, a sync, \Answered: each recorded or logged, none failing the job. */
async function afterSending(job: Pick<JobContext, "sql" | "log">, sent: Sent): Promise<void> {
  const { sql } = job;
  let copy: "appended" | "by_server" | "no_folder" | "failed" = "by_server";
  if (!sent.sentByServer) {
    try {
      copy = await appendSentCopy(job, sent);
    } catch (error) {
      copy = "failed";
      job.log.warn("could not file the Sent copy", { sendId: sent.sendId, error: (error as Error).name, code: (error as { code?: string }).code });
    }
  }
  await sql`update outgoing_messages set sent_copy = ${copy} where id = ${sent.sendId}`;
  try {
    await requestSync(sql, { id: sent.accountId, userId: sent.userId }, "all");
    if (sent.repliedMessageId) await requestMessageAction(sql, sent.userId, sent.repliedMessageId, { action: "mark_answered" }, { requestedBy: "send" });
  } catch (error) {
    job.log.warn("after sending: sync or \\Answered not queued", { sendId: sent.sendId, error: (error as Error).name });
  }
}

async function appendSentCopy(job: Pick<JobContext, "sql">, sent: Sent): Promise<"appended" | "no_folder"> {
  const { sql } = job;
  const [folder] = await sql<{ path: string }[]>`
    select path from folders where account_id = ${sent.accountId} and user_id = ${sent.userId} and exists_on_server
      and (chosen_role = 'sent' or special_use = 'sent')
    order by chosen_role is null, special_use is null limit 1`;
  if (!folder) return "no_folder";
  const imap = await accountConnection(sql, sent.dataKey, sent.userId, sent.accountId);
  if (!imap) return "no_folder";
  await withImapSession(sql, imap, "send", sent.holder, async (client) => {
    await client.append(folder.path, Buffer.from(sent.mime), ["\\Seen"]);
  });
  return "appended";
}
