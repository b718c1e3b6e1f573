/**
 * The acting user's message, decrypted. Every message-view route goes
 * through `ownMessage`, so another user's id, a malformed id and a message
 * that is gone (no server copy left: `orphaned_at`) all answer 404 alike.
 */
import type { Context } from "hono";
import { isUuid } from "../../../../ids.ts";
import { decryptText } from "../../../../crypto/aead.ts";
import type { SecretKey } from "../../../../crypto/secret-key.ts";
import type { MailAddress } from "../../../../mail/parse/types.ts";
import type { AppEnv, AppServices } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../accounts/scope.ts";

export interface MessageHeaders {
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: string | null;
}

export interface OwnMessage {
  id: string;
  userId: string;
  accountId: string;
  threadId: string;
  sentAt: Date | null;
  receivedAt: Date | null;
  seen: boolean;
  flagged: boolean;
  doneAt: Date | null;
  hasHtml: boolean;
  hasText: boolean;
  /** The stored text or HTML was cut at its limit (MAX_TEXT_CHARS, MAX_HTML_CHARS): the page says so. */
  truncated: boolean;
  headers: MessageHeaders;
  dataKey: SecretKey;
}

type MessageRow = Omit<OwnMessage, "headers" | "dataKey"> & { headersEncrypted: Uint8Array };

const addresses = (value: unknown): MailAddress[] =>
  Array.isArray(value) ? value.filter((entry): entry is MailAddress => typeof entry?.address === "string" && typeof entry?.name === "string") : [];

/** The header document as stored (src/mail/sync/store.ts), read defensively: only the fields shown. */
export function readHeaders(json: string): MessageHeaders {
  const document = JSON.parse(json) as Record<string, unknown>;
  return {
    subject: typeof document.subject === "string" ? document.subject : "",
    from: addresses(document.from),
    to: addresses(document.to),
    cc: addresses(document.cc),
    date: typeof document.date === "string" ? document.date : null,
  };
}

export const messageBinding = (userId: string, messageId: string, purpose: "message-headers" | "message-text" | "message-html") => ({ owner: userId, purpose: `${purpose}:${messageId}` });

export async function ownMessage(c: Context<AppEnv>, services: AppServices, messageId: string | undefined): Promise<OwnMessage> {
  const user = actingUser(c);
  const [row] = messageId && isUuid(messageId)
    ? await services.sql<MessageRow[]>`
        select id, user_id as "userId", account_id as "accountId", thread_id as "threadId", sent_at as "sentAt", received_at as "receivedAt",
               seen, flagged, done_at as "doneAt", html_encrypted is not null as "hasHtml", text_encrypted is not null as "hasText",
               parse_problems && array['text_truncated', 'html_truncated'] as truncated, headers_encrypted as "headersEncrypted"
        from messages where id = ${messageId} and user_id = ${user.id} and orphaned_at is null`
    : [];
  if (!row) throw new AppError("NOT_FOUND", "no such message");
  const dataKey = await requestDataKey(c, services);
  const { headersEncrypted, ...message } = row;
  return { ...message, headers: readHeaders(decryptText(dataKey, headersEncrypted, messageBinding(row.userId, row.id, "message-headers"))), dataKey };
}

/** The message's HTML or text part, decrypted; null when it has none. */
export async function messagePart(services: AppServices, message: OwnMessage, part: "html" | "text"): Promise<string | null> {
  const [row] = part === "html"
    ? await services.sql<{ value: Uint8Array | null }[]>`select html_encrypted as value from messages where id = ${message.id} and user_id = ${message.userId}`
    : await services.sql<{ value: Uint8Array | null }[]>`select text_encrypted as value from messages where id = ${message.id} and user_id = ${message.userId}`;
  if (!row?.value) return null;
  return decryptText(message.dataKey, row.value, messageBinding(message.userId, message.id, part === "html" ? "message-html" : "message-text"));
}
