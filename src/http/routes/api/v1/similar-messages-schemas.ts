/** Schemas of the similar-messages API: the ranked rows, decrypted for their owner. */
import { z } from "@hono/zod-openapi";
import type { SimilarMessage } from "../../../../inbox/similar-messages.ts";

export const SimilarMessageSchema = z
  .object({
    id: z.string().uuid(),
    subject: z.string().nullable().openapi({ description: "Null when the stored headers cannot be decrypted." }),
    from: z.object({ name: z.string(), address: z.string() }).nullable(),
    date: z.string().openapi({ format: "date-time", description: "Arrival (IMAP internal date), else the Date header, else when it was stored." }),
    score: z.number().openapi({ description: "Same conversation 2, same sender 1, plus the text score and the meaning score; higher is more similar." }),
    textScore: z.number().min(0).max(1).openapi({ description: "The share of the message's distinctive words (weighted by how rare they are in the mailbox) this message also holds." }),
    meaningScore: z
      .number()
      .min(0)
      .max(1)
      .openapi({ description: "Cosine similarity of the two messages' embeddings (with an embedding model set and both embedded), when high enough to count; else 0." }),
    reasons: z.array(z.enum(["sameThread", "sameSender", "similarText", "similarMeaning"])).openapi({ description: "Why it is listed, strongest first." }),
  })
  .openapi("SimilarMessage");

export const SimilarMessagesSchema = z.object({ messageId: z.string().uuid(), messages: z.array(SimilarMessageSchema) }).openapi("SimilarMessages");

export const similarMessagesJson = (messageId: string, similar: SimilarMessage[]): z.infer<typeof SimilarMessagesSchema> => ({
  messageId,
  messages: similar.map((entry) => ({ ...entry, date: entry.date.toISOString() })),
});
