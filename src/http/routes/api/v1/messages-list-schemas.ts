/** Schemas of the message list API: the same filters as the /messages page, and decrypted summaries of one page. */
import { z } from "@hono/zod-openapi";
import { CATEGORIES } from "../../../../analysis/types.ts";
import { DONE_STATES, SORTS, SPAM_STATES, TRAFFIC_LIGHTS } from "../../../../inbox/list-query.ts";
import type { MessagePage, MessageSummary } from "../../../../inbox/list.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../../../../search/limits.ts";

const yesNo = z.enum(["yes", "no", "true", "false"]).optional();
const param = (name: string, description: string) => ({ param: { name, in: "query" as const }, description });

/** Checked loosely here (documented types); the shared parser (src/inbox/list-query.ts) has the last word and names bad parameters. */
export const MessageListQuerySchema = z.object({
  q: z
    .string()
    .max(MAX_SEARCH_QUERY_CHARS)
    .optional()
    .openapi(
      param(
        "q",
        'Search words; a message must contain all of them (subject, sender or text), a word of four letters or more also as the start of a longer word. Words under two letters are ignored. A "quoted phrase" is matched as all its words. Operators (German spelling in brackets): from: (von:) and to: (an:) words of the sender or of a To/Cc recipient, has:attachment (hat:anhang), in: a folder role (inbox, archive, sent, junk, trash; posteingang, archiv, gesendet, spam, papierkorb) or folder name, is:unread/read/flagged/done (ist:ungelesen/gelesen/markiert/erledigt). A search covers done mail unless `done` is given.',
      ),
    ),
  light: z.enum(TRAFFIC_LIGHTS).optional().openapi(param("light", "Traffic light of the analysis")),
  cell: z.string().optional().openapi(param("cell", "Priority matrix cell as `urgency,importance`, each 1–3, e.g. `3,2`")),
  category: z
    .enum(CATEGORIES)
    .optional()
    .openapi(param("category", "Category of the analysis: action_required, urgent, information, or for mail that asks nothing its kind (newsletter, notification, social, personal)")),
  done: z.enum(DONE_STATES).optional().openapi(param("done", "open (default without a search), done or all (default with a search)")),
  spam: z.enum(SPAM_STATES).optional().openapi(param("spam", "Spam and suspected phishing: no (left out, default), yes (only those) or all; ignored with `folder`")),
  account: z.string().optional().openapi(param("account", "Mail account id; another user's answers 404")),
  folder: z.string().optional().openapi(param("folder", "Folder id: messages with a copy there (Trash and Junk are left out unless named here); another user's answers 404")),
  tag: z.string().optional().openapi(param("tag", "Tag id; another user's answers 404")),
  read: yesNo.openapi(param("read", "Read (yes) or unread (no)")),
  flagged: yesNo.openapi(param("flagged", "Flagged or not")),
  attachments: yesNo.openapi(param("attachments", "With attachments or without")),
  from: z.string().optional().openapi(param("from", "First day, YYYY-MM-DD (server time zone)")),
  to: z.string().optional().openapi(param("to", "Last day, YYYY-MM-DD, inclusive")),
  language: z.string().optional().openapi(param("language", "Language of the analysis, ISO 639-1 (two letters)")),
  sort: z.enum(SORTS).optional().openapi(param("sort", "priority (score, then newest; default), date (newest first), oldest, size (largest first)")),
  after: z.string().optional().openapi(param("after", "The `next` cursor of the page before")),
  before: z.string().optional().openapi(param("before", "The `previous` cursor of the page after")),
});

const AddressSchema = z.object({ name: z.string(), address: z.string() });

export const MessageSummarySchema = z
  .object({
    id: z.string().uuid(),
    accountId: z.string().uuid(),
    subject: z.string().nullable().openapi({ description: "Null when the stored headers cannot be decrypted." }),
    from: AddressSchema.nullable(),
    preview: z.string().openapi({ description: "The first words of the text, quotes left out; empty for mail stored before previews existed." }),
    threadSize: z.number().int().openapi({ description: "Messages in its conversation, this one included." }),
    date: z.string().openapi({ format: "date-time", description: "Arrival (IMAP internal date), else the Date header, else when it was stored." }),
    size: z.number().int(),
    seen: z.boolean(),
    flagged: z.boolean(),
    answered: z.boolean(),
    hasAttachments: z.boolean(),
    tagIds: z.array(z.string().uuid()).openapi({ description: "Its tags (GET /api/v1/tags names them)" }),
    doneAt: z.string().nullable().openapi({ format: "date-time" }),
    analysis: z
      .object({
        score: z.number().int(),
        trafficLight: z.enum(TRAFFIC_LIGHTS),
        urgency: z.number().int(),
        importance: z.number().int(),
        category: z.string().openapi({ description: "One of the `category` filter's values" }),
        language: z.string().nullable(),
        spam: z.boolean(),
        phishing: z.boolean().openapi({ description: "Suspected phishing: show a warning, not a colour." }),
        newsletter: z.boolean(),
      })
      .nullable()
      .openapi({ description: "Null until the message has been analysed." }),
  })
  .openapi("MessageSummary");

export const MessageListSchema = z
  .object({
    messages: z.array(MessageSummarySchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last." }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first." }),
    searchTooShort: z.boolean().openapi({ description: "The search had no word of two letters or more, so nothing matched." }),
    indexing: z.boolean().openapi({ description: "This is a search (q), and some messages are still being added to the search index: it may miss them for now. Always false without q." }),
  })
  .openapi("MessageList");
export type MessageListJson = z.infer<typeof MessageListSchema>;

export function messageSummaryJson(message: MessageSummary): z.infer<typeof MessageSummarySchema> {
  return { ...message, date: message.date.toISOString(), doneAt: message.doneAt?.toISOString() ?? null };
}

export function messageListJson(page: MessagePage, indexing: boolean): MessageListJson {
  return { messages: page.messages.map(messageSummaryJson), next: page.next, previous: page.previous, searchTooShort: page.searchTooShort, indexing };
}
