/**
 * The sending core: a message the user clicked "Send" on is checked, built,
 * stored encrypted and queued; the `send_message` job (./deliver.ts) sends
 * it SEND_UNDO_SECONDS later, so "Undo" (cancelSend) can still stop it.
 * Nothing here sends on its own: every row comes from a user's click
 * through the compose pages or the API.
 *
 * @example
 *   const queued = await queueSend(services, userId, dataKey, { accountId, to: ["Anna <anna@example.org>"], cc: [], bcc: [], subject: "Re: Angebot", text: "Danke!", inReplyToMessageId });
 *   if (queued.ok) await cancelSend(services.sql, userId, queued.sendId); // the undo button
 */
import type { Services } from "../../services.ts";
import { decrypt, decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import { isUuid } from "../../ids.ts";
import { addJob } from "../../jobs/add-job.ts";
import { JOB_PRIORITY } from "../../jobs/priority.ts";
import { buildMime, newMessageId, parseRecipient, replyReferences, type ParsedRecipient } from "./compose-mime.ts";
import {
  MAX_RECIPIENTS_PER_MESSAGE,
  MAX_SEND_BYTES,
  SEND_MAX_ATTEMPTS,
  SEND_RECIPIENTS_PER_ACCOUNT_DAY,
  SEND_RECIPIENTS_PER_ACCOUNT_HOUR,
  SEND_RECIPIENTS_PER_USER_DAY,
  SEND_RECIPIENTS_PER_USER_HOUR,
  SEND_UNDO_SECONDS,
} from "./send-limits.ts";
import { smtpConnection } from "./smtp-settings.ts";

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingMessage {
  accountId: string;
  /** Each "Name <a@b>" or "a@b". */
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  /** Plain text body. */
  text: string;
  /** Optional simple formatting (already safe HTML made by compose). */
  html?: string;
  /** Our messages.id answered: In-Reply-To / References from its headers; marked \Answered on success. */
  inReplyToMessageId?: string;
  /** Our messages.id forwarded: its stored attachments are attached. */
  forwardOfMessageId?: string;
  attachments?: OutgoingAttachment[];
  /** The compose part's draft id, recorded on the row (outgoing_messages.draft_id). */
  draftId?: string;
}

export type QueueSendResult = { ok: true; sendId: string; undoUntil: Date } | { ok: false; reason: "no_smtp" | "rate_limited" | "too_large" | "bad_address" | "not_found" };

export type SendStatus = "queued" | "sending" | "sent" | "failed" | "cancelled";

export interface SendState {
  id: string;
  status: SendStatus;
  error?: string;
  sentAt?: Date;
  undoUntil: Date;
}

/** Encryption bindings of a row's MIME and envelope. */
export const sendBinding = (userId: string, sendId: string, what: "mime" | "envelope") => ({ owner: userId, purpose: `outgoing-${what}:${sendId}` });

export interface Envelope {
  from: string;
  to: string[];
}

interface RepliedHeaders {
  messageId?: string | null;
  references?: string[];
}

async function repliedHeaders(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<RepliedHeaders | undefined> {
  const [row] = await sql<{ headers: Uint8Array }[]>`select headers_encrypted as headers from messages where id = ${messageId} and user_id = ${userId}`;
  if (!row) return undefined;
  const document = JSON.parse(decryptText(dataKey, row.headers, { owner: userId, purpose: `message-headers:${messageId}` })) as Record<string, unknown>;
  return {
    messageId: typeof document.messageId === "string" ? document.messageId : null,
    references: Array.isArray(document.references) ? document.references.filter((ref): ref is string => typeof ref === "string") : [],
  };
}

/** The stored attachments of the user's message (those too large to keep are on the server only and are left out). */
async function forwardedAttachments(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<OutgoingAttachment[] | undefined> {
  const [message] = await sql`select 1 from messages where id = ${messageId} and user_id = ${userId}`;
  if (!message) return undefined;
  const rows = await sql<{ id: string; meta: Uint8Array; content: Uint8Array }[]>`
    select id, meta_encrypted as meta, content_encrypted as content from attachments
    where message_id = ${messageId} and user_id = ${userId} and content_encrypted is not null order by part_index`;
  return rows.map((row) => {
    const meta = JSON.parse(decryptText(dataKey, row.meta, { owner: userId, purpose: `attachment-meta:${row.id}` })) as Record<string, unknown>;
    return {
      filename: typeof meta.filename === "string" && meta.filename ? meta.filename : "attachment",
      contentType: typeof meta.contentType === "string" ? meta.contentType.toLowerCase() : "application/octet-stream",
      content: decrypt(dataKey, row.content, { owner: userId, purpose: `attachment:${row.id}` }),
    };
  });
}

function parseAll(list: string[]): ParsedRecipient[] | undefined {
  const parsed = list.map(parseRecipient);
  return parsed.every((entry): entry is ParsedRecipient => entry !== undefined) ? parsed : undefined;
}

/** Recipients sent or queued in the last hour and day, by the user and by the account (cancelled ones do not count). */
async function withinRateLimits(tx: Sql, userId: string, accountId: string, adding: number): Promise<boolean> {
  const [used] = await tx<{ userHour: number; userDay: number; accountHour: number; accountDay: number }[]>`
    select coalesce(sum(recipients_count) filter (where created_at > now() - interval '1 hour'), 0)::int as "userHour",
           coalesce(sum(recipients_count), 0)::int as "userDay",
           coalesce(sum(recipients_count) filter (where account_id = ${accountId} and created_at > now() - interval '1 hour'), 0)::int as "accountHour",
           coalesce(sum(recipients_count) filter (where account_id = ${accountId}), 0)::int as "accountDay"
    from outgoing_messages where user_id = ${userId} and created_at > now() - interval '1 day' and status <> 'cancelled'`;
  return (
    used!.userHour + adding <= SEND_RECIPIENTS_PER_USER_HOUR &&
    used!.userDay + adding <= SEND_RECIPIENTS_PER_USER_DAY &&
    used!.accountHour + adding <= SEND_RECIPIENTS_PER_ACCOUNT_HOUR &&
    used!.accountDay + adding <= SEND_RECIPIENTS_PER_ACCOUNT_DAY
  );
}

/**
 * Checks, builds and queues one message; the job sends it at `undoUntil`.
 * `not_found`: the account, the replied or the forwarded message is not the user's.
 */
export async function queueSend(services: Services, userId: string, dataKey: SecretKey, message: OutgoingMessage): Promise<QueueSendResult> {
  const { sql } = services;
  if (!isUuid(message.accountId) || [message.inReplyToMessageId, message.forwardOfMessageId, message.draftId].some((id) => id !== undefined && !isUuid(id))) {
    return { ok: false, reason: "not_found" };
  }
  const smtp = await smtpConnection(sql, dataKey, userId, message.accountId);
  if (smtp === undefined) return { ok: false, reason: "not_found" };
  if (smtp === null) return { ok: false, reason: "no_smtp" };

  const to = parseAll(message.to);
  const cc = parseAll(message.cc);
  const bcc = parseAll(message.bcc);
  if (!to || !cc || !bcc) return { ok: false, reason: "bad_address" };
  // One RCPT per mailbox: the domain is case-insensitive and so, in practice, is the local part.
  const seen = new Set<string>();
  const recipients = [...to, ...cc, ...bcc].map((entry) => entry.address).filter((address) => !seen.has(address.toLowerCase()) && seen.add(address.toLowerCase()));
  if (recipients.length === 0) return { ok: false, reason: "bad_address" };
  if (recipients.length > MAX_RECIPIENTS_PER_MESSAGE) return { ok: false, reason: "rate_limited" };

  let reply: { inReplyTo: string; references: string[] } | undefined;
  if (message.inReplyToMessageId) {
    const headers = await repliedHeaders(sql, dataKey, userId, message.inReplyToMessageId);
    if (!headers) return { ok: false, reason: "not_found" };
    if (headers.messageId) reply = { inReplyTo: headers.messageId, references: replyReferences(headers.references ?? [], headers.messageId) };
  }
  const attachments = [...(message.attachments ?? [])];
  if (message.forwardOfMessageId) {
    const forwarded = await forwardedAttachments(sql, dataKey, userId, message.forwardOfMessageId);
    if (!forwarded) return { ok: false, reason: "not_found" };
    attachments.push(...forwarded);
  }
  // Cheap check before building: base64 alone makes the attachments a third larger.
  const rawBytes = attachments.reduce((sum, attachment) => sum + attachment.content.byteLength, 0) + message.text.length + (message.html?.length ?? 0);
  if (rawBytes > MAX_SEND_BYTES) return { ok: false, reason: "too_large" };

  const messageIdHeader = newMessageId(smtp.fromAddress);
  const mime = await buildMime(
    {
      from: { address: smtp.fromAddress, name: smtp.fromName },
      to,
      cc,
      bcc,
      subject: message.subject,
      text: message.text,
      html: message.html,
      inReplyTo: reply?.inReplyTo,
      references: reply?.references,
      attachments,
      date: new Date(),
    },
    messageIdHeader,
  );
  if (mime.byteLength > MAX_SEND_BYTES) return { ok: false, reason: "too_large" };

  const sendId = crypto.randomUUID();
  const envelope: Envelope = { from: smtp.fromAddress, to: recipients };
  return await sql.begin(async (tx) => {
    // One queueSend of a user at a time: two parallel sends cannot both slip under the limit.
    await tx`select pg_advisory_xact_lock(hashtextextended(${`send:${userId}`}, 0))`;
    if (!(await withinRateLimits(tx as unknown as Sql, userId, message.accountId, recipients.length))) return { ok: false, reason: "rate_limited" } as const;
    const [row] = await tx<{ sendAfter: Date }[]>`
      insert into outgoing_messages (id, user_id, account_id, send_after, mime_encrypted, envelope_encrypted, mime_bytes, recipients_count,
                                     message_id_header, replied_message_id, draft_id)
      values (${sendId}, ${userId}, ${message.accountId}, date_trunc('milliseconds', now()) + make_interval(secs => ${SEND_UNDO_SECONDS}),
              ${encrypt(dataKey, mime, sendBinding(userId, sendId, "mime"))}, ${encrypt(dataKey, JSON.stringify(envelope), sendBinding(userId, sendId, "envelope"))},
              ${mime.byteLength}, ${recipients.length}, ${messageIdHeader}, ${message.inReplyToMessageId ?? null}, ${message.draftId ?? null})
      returning send_after as "sendAfter"`;
    // Whole milliseconds, as a JavaScript Date holds them: the job is due at the very moment the row is. (With the
    // microseconds cut off it was due up to 1 ms earlier, and a job started in that gap found nothing due to send.)
    await addJob(tx, "send_message", { sendId }, { jobKey: sendJobKey(sendId), runAt: row!.sendAfter, maxAttempts: SEND_MAX_ATTEMPTS, priority: JOB_PRIORITY.userAction });
    return { ok: true, sendId, undoUntil: row!.sendAfter } as const;
  });
}

export const sendJobKey = (sendId: string) => `send:${sendId}`;

/** Undo: true when the send was stopped before it started; the row stays, cancelled. */
export async function cancelSend(sql: Sql, userId: string, sendId: string): Promise<boolean> {
  if (!isUuid(sendId)) return false;
  return await sql.begin(async (tx) => {
    const [row] = await tx`update outgoing_messages set status = 'cancelled' where id = ${sendId} and user_id = ${userId} and status = 'queued' returning id`;
    if (!row) return false;
    // A job already running finds the row cancelled and stops; a waiting one goes.
    await tx`select graphile_worker.remove_job(${sendJobKey(sendId)})`;
    return true;
  });
}

/** The state of one of the user's sends; undefined for another user's id. */
export async function sendState(sql: Sql, userId: string, sendId: string): Promise<SendState | undefined> {
  if (!isUuid(sendId)) return undefined;
  const [row] = await sql<{ id: string; status: SendStatus; error: string | null; sentAt: Date | null; undoUntil: Date }[]>`
    select id, status, error, sent_at as "sentAt", send_after as "undoUntil" from outgoing_messages where id = ${sendId} and user_id = ${userId}`;
  if (!row) return undefined;
  return { id: row.id, status: row.status, undoUntil: row.undoUntil, ...(row.error ? { error: row.error } : {}), ...(row.sentAt ? { sentAt: row.sentAt } : {}) };
}
