/** Shapes of the tags API (./tags.ts, ./message-tags.ts). */
import { z } from "@hono/zod-openapi";
import { TAG_NAME_MAX_CHARS } from "../../../../tags/limits.ts";
import { TAG_COLOURS } from "../../../../tags/tag-name.ts";

export const TAG_API_TAGS = ["Tags"];

export const TagSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    colour: z.enum(TAG_COLOURS).nullable(),
    messages: z.number().int().openapi({ description: "Messages carrying the tag" }),
  })
  .openapi("Tag");
export type TagJson = z.infer<typeof TagSchema>;

const name = z
  .string()
  .min(1)
  .max(TAG_NAME_MAX_CHARS * 2)
  .openapi({ description: `Trimmed, white space collapsed; at most ${TAG_NAME_MAX_CHARS} characters. Unique per user in any letter case.` });

export const CreateTagSchema = z.object({ name, colour: z.enum(TAG_COLOURS).nullable().optional() }).openapi("CreateTag");
export const UpdateTagSchema = z.object({ name: name.optional(), colour: z.enum(TAG_COLOURS).nullable().optional() }).openapi("UpdateTag");
export const MergeTagSchema = z.object({ into: z.string().uuid().openapi({ description: "The tag that stays and gets every message of this one" }) }).openapi("MergeTag");

export const TagRemovalSchema = z
  .object({
    messages: z.number().int().openapi({ description: "Messages the tag was taken off (merge: put on the other tag)" }),
    actionId: z.string().uuid().nullable().openapi({ description: "The first server write of the batch (undo it with POST /api/v1/actions/{id}/undo); null when nothing went to the server" }),
  })
  .openapi("TagRemoval");

export const TagChangeSchema = z
  .object({
    changed: z.array(z.string().uuid()).openapi({ description: "Messages that changed" }),
    notFound: z.number().int().openapi({ description: "Ids that named no message of yours" }),
    actionId: z.string().uuid().nullable().openapi({ description: "The first keyword write to the server of this change (its batch undoes together); null when the tag stays local" }),
  })
  .openapi("TagChange");

export const SuggestionSchema = z
  .object({
    tagId: z.string().uuid(),
    name: z.string(),
    confidence: z.number(),
    reason: z.object({ code: z.string(), vars: z.record(z.string(), z.string()).optional() }).nullable(),
  })
  .openapi("TagSuggestion");

export const MessageTagsSchema = z
  .object({
    tags: z.array(TagSchema.omit({ messages: true })),
    suggestions: z.array(SuggestionSchema).openapi({ description: "At most three, still open: not on the message and not rejected for it" }),
  })
  .openapi("MessageTags");

export const AddMessageTagSchema = z
  .object({
    tagId: z.string().uuid().optional(),
    name: name.optional().openapi({ description: "A tag by name instead of id; made when you have none of that name" }),
  })
  .openapi("AddMessageTag");

export const BulkTagSchema = z
  .object({
    messageIds: z.array(z.string().uuid()).min(1).max(500),
    tagId: z.string().uuid(),
    remove: z.boolean().optional().openapi({ description: "Take the tag off instead of putting it on" }),
  })
  .openapi("BulkTagChange");

export const idParam = (paramName: string) => z.string().openapi({ param: { name: paramName, in: "path" } });
