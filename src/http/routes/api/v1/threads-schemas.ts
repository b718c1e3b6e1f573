import { z } from "@hono/zod-openapi";
import type { Conversation } from "../../../../inbox/thread-conversation.ts";
import { encodeCursor } from "../../../thread-cursor.ts";
import { MailAddressSchema } from "./messages-schemas.ts";

export const ThreadMessageSchema = z
  .object({
    id: z.string().uuid(),
    subject: z.string(),
    from: z.array(MailAddressSchema),
    to: z.array(MailAddressSchema),
    cc: z.array(MailAddressSchema),
    date: z.string().openapi({ format: "date-time", description: "Arrival (or when it was stored)." }),
    seen: z.boolean(),
    flagged: z.boolean(),
    done: z.boolean(),
    hasAttachments: z.boolean(),
    hasHtml: z.boolean().openapi({ description: "GET /api/v1/messages/{id}/body has its sanitised HTML." }),
    trafficLight: z.enum(["red", "yellow", "green"]).nullable(),
    text: z.array(z.object({ text: z.string(), quoted: z.boolean() })).openapi({ description: "The text in written and quoted blocks, as the conversation page shows it; empty when it has none." }),
  })
  .openapi("ThreadMessage");

export const ThreadSchema = z
  .object({
    threadId: z.string().uuid(),
    messages: z.array(ThreadMessageSchema).openapi({ description: "Oldest first, 50 a page." }),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last." }),
  })
  .openapi("Thread");
export type ThreadJson = z.infer<typeof ThreadSchema>;

export function threadJson(threadId: string, conversation: Conversation): ThreadJson {
  return {
    threadId,
    messages: conversation.messages.map((message) => ({
      id: message.id,
      subject: message.headers.subject,
      from: message.headers.from,
      to: message.headers.to,
      cc: message.headers.cc,
      date: message.activity.toISOString(),
      seen: message.seen,
      flagged: message.flagged,
      done: message.done,
      hasAttachments: message.hasAttachments,
      hasHtml: message.body.hasHtml,
      trafficLight: message.light,
      text: message.body.blocks,
    })),
    next: conversation.more ? encodeCursor(conversation.messages.at(-1)!.cursor) : null,
  };
}
