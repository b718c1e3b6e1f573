/** Schemas of one message as the API reads it: headers, where it lives, its flags and attachment list; the body is its own resource (message-body-schemas.ts). */
import { z } from "@hono/zod-openapi";
import type { AttachmentInfo } from "../../../../inbox/attachments.ts";
import type { Location } from "../../../../inbox/message-details.ts";
import type { OwnMessage } from "../../../../inbox/message.ts";

const dateTime = () => z.string().openapi({ format: "date-time" });
const iso = (date: Date | null) => date?.toISOString() ?? null;

export const messageIdParam = z.string().openapi({ param: { name: "messageId", in: "path" }, example: "0b6c9d1e-3f4a-4b5c-8d7e-9f0a1b2c3d4e" });
export const MessageIdParamSchema = z.object({ messageId: messageIdParam });

export const MailAddressSchema = z.object({ name: z.string(), address: z.string() }).openapi("MailAddress", { example: { name: "Anna Müller", address: "anna@example.org" } });

export const AttachmentSchema = z
  .object({
    id: z.string().uuid(),
    filename: z.string().nullable().openapi({ description: "Null when the part has no name." }),
    contentType: z.string().openapi({ example: "application/pdf" }),
    contentId: z.string().nullable().openapi({ description: "For images the HTML shows inline (`cid:`)." }),
    size: z.number().int(),
    inline: z.boolean(),
    stored: z.boolean().openapi({ description: "False when it was too large to keep: only the server copy has it, and the download answers 404." }),
  })
  .openapi("Attachment");

export const MessageFolderSchema = z.object({ id: z.string().uuid(), name: z.string(), path: z.string(), specialUse: z.string().nullable().openapi({ example: "inbox" }) }).openapi("MessageFolder");

export const MessageSchema = z
  .object({
    id: z.string().uuid(),
    accountId: z.string().uuid(),
    threadId: z.string().uuid().openapi({ description: "GET /api/v1/threads/{threadId} lists the conversation." }),
    subject: z.string(),
    from: z.array(MailAddressSchema),
    to: z.array(MailAddressSchema),
    cc: z.array(MailAddressSchema),
    date: z.string().nullable().openapi({ description: "The Date header as sent (may be malformed); `sentAt` is its parsed form." }),
    sentAt: dateTime().nullable(),
    receivedAt: dateTime().nullable().openapi({ description: "Arrival on the server (IMAP internal date)." }),
    folders: z.array(MessageFolderSchema).openapi({ description: "The folders holding a copy." }),
    seen: z.boolean(),
    flagged: z.boolean(),
    flags: z.array(z.string()).openapi({ description: "IMAP flags and keywords of its copies as the server last reported them.", example: ["\\Seen", "$Erledigt"] }),
    doneAt: dateTime().nullable(),
    snoozedUntil: dateTime().nullable(),
    hasText: z.boolean(),
    hasHtml: z.boolean().openapi({ description: "GET …/body gives the HTML sanitised exactly as the message page shows it." }),
    truncated: z.boolean().openapi({ description: "The stored text or HTML was cut at its size limit." }),
    attachments: z.array(AttachmentSchema),
  })
  .openapi("Message");
export type MessageJson = z.infer<typeof MessageSchema>;

export function attachmentJson(attachment: AttachmentInfo): z.infer<typeof AttachmentSchema> {
  return { ...attachment };
}

export function messageJson(message: OwnMessage, folders: Location[], flags: string[], attachments: AttachmentInfo[]): MessageJson {
  return {
    id: message.id,
    accountId: message.accountId,
    threadId: message.threadId,
    subject: message.headers.subject,
    from: message.headers.from,
    to: message.headers.to,
    cc: message.headers.cc,
    date: message.headers.date,
    sentAt: iso(message.sentAt),
    receivedAt: iso(message.receivedAt),
    folders: folders.map((folder) => ({ id: folder.folderId, name: folder.folderName, path: folder.folderPath, specialUse: folder.specialUse })),
    seen: message.seen,
    flagged: message.flagged,
    flags,
    doneAt: iso(message.doneAt),
    snoozedUntil: iso(message.snoozedUntil),
    hasText: message.hasText,
    hasHtml: message.hasHtml,
    truncated: message.truncated,
    attachments: attachments.map(attachmentJson),
  };
}
