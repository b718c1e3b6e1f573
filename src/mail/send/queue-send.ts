/**
 * Placeholder for the sending core (issue 18, helper "send"). The real module
 * replaces this file at merge; names and shapes here are the agreed interface.
 */
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { Services } from "../../services.ts";

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingMessage {
  accountId: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html?: string;
  inReplyToMessageId?: string;
  forwardOfMessageId?: string;
  attachments?: OutgoingAttachment[];
  draftId?: string;
}

export type QueueSendResult = { ok: true; sendId: string; undoUntil: Date } | { ok: false; reason: "no_smtp" | "rate_limited" | "too_large" | "bad_address" | "not_found" };

export async function queueSend(_services: Services, _userId: string, _dataKey: SecretKey, _message: OutgoingMessage): Promise<QueueSendResult> {
  throw new Error("sending not merged yet");
}

export async function cancelSend(_sql: Sql, _userId: string, _sendId: string): Promise<boolean> {
  throw new Error("sending not merged yet");
}

export interface SendState {
  id: string;
  status: "queued" | "sending" | "sent" | "failed" | "cancelled";
  error?: string;
  sentAt?: Date;
  undoUntil: Date;
}

export async function sendState(_sql: Sql, _userId: string, _sendId: string): Promise<SendState | undefined> {
  throw new Error("sending not merged yet");
}
