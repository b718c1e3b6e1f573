/**
 * One conversation as its page reads it: a page of its messages, oldest
 * first (./threads.ts), each with its headers and its text split into what
 * was written and what was quoted. The text is what sync kept (for HTML-only
 * mail, converted from the HTML, with blockquotes as ">"), so every message
 * reads the same way; the HTML itself is only ever shown in the message
 * page's sandboxed frame (its /body document), never rendered here.
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import { decryptText } from "../crypto/aead.ts";
import type { Sql } from "../db/connection.ts";
import { splitQuotedText, type TextBlock } from "../mail/render/quoted-text.ts";
import { messageBinding, readHeaders, type MessageHeaders } from "./message.ts";
import { threadMessages, type Cursor, type ThreadMessage } from "./threads.ts";

const UNREADABLE: MessageHeaders = { subject: "", from: [], to: [], cc: [], date: null };

export interface ConversationBody {
  /** The text in written and quoted blocks; empty when the message has none. */
  blocks: TextBlock[];
  /** It has an HTML part, which the page offers in the sandboxed frame. */
  hasHtml: boolean;
}

export interface ConversationMessage extends Omit<ThreadMessage, "summary" | "legacy"> {
  headers: MessageHeaders;
  body: ConversationBody;
}

export interface Conversation {
  messages: ConversationMessage[];
  more: boolean;
}

/**
 * The page of the user's conversation after `after`; `undefined` when it
 * has no live message of theirs (another user's thread is not found alike).
 * The data key is opened only once the thread is known to be theirs.
 */
export async function threadConversation(sql: Sql, userId: string, threadId: string, after: Cursor | undefined, openDataKey: () => Promise<SecretKey>): Promise<Conversation | undefined> {
  const { messages, more } = await threadMessages(sql, userId, threadId, after);
  if (messages.length === 0) return undefined;
  const dataKey = await openDataKey();
  const rows = await sql<{ id: string; headers: Uint8Array; text: Uint8Array | null; hasHtml: boolean }[]>`
    select id, headers_encrypted as headers, text_encrypted as text, html_encrypted is not null as "hasHtml"
    from messages where user_id = ${userId} and id = any(${messages.map((message) => message.id)}::uuid[])`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    more,
    messages: messages.map(({ summary: _summary, legacy: _legacy, ...message }) => {
      const row = byId.get(message.id);
      try {
        const headers = readHeaders(decryptText(dataKey, row!.headers, messageBinding(userId, message.id, "message-headers")));
        const text = row!.text ? decryptText(dataKey, row!.text, messageBinding(userId, message.id, "message-text")) : null;
        const body: ConversationBody = { blocks: text ? splitQuotedText(text) : [], hasHtml: row!.hasHtml };
        return { ...message, headers, body };
      } catch {
        // A row that does not decrypt (damaged) is listed without its headers and text, as the threads list does, rather than failing the page.
        return { ...message, headers: UNREADABLE, body: { blocks: [], hasHtml: false } };
      }
    }),
  };
}
