/** Shapes of the suggested tag names API (./tag-name-suggestions.ts). */
import { z } from "@hono/zod-openapi";
import { TAG_NAME_MAX_CHARS } from "../../../../tags/limits.ts";

export const NameSuggestionSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    source: z.enum(["list", "sender", "llm"]).openapi({ description: "A mailing list's name, a recurring organisation sender, or an LLM's suggestion" }),
    occurrences: z.number().int().openapi({ description: "Messages that brought the name, ever" }),
    messages: z.number().int().openapi({ description: "Of those, the latest ones still there: what approving or merging tags" }),
  })
  .openapi("TagNameSuggestion");
export type NameSuggestionJson = z.infer<typeof NameSuggestionSchema>;

export const NameSuggestionListSchema = z.object({ suggestions: z.array(NameSuggestionSchema) }).openapi("TagNameSuggestionList");
export type NameSuggestionList = z.infer<typeof NameSuggestionListSchema>;

export const ApproveNameSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(TAG_NAME_MAX_CHARS * 2)
      .optional()
      .openapi({ description: `The tag's name when it should differ from the suggestion (a rename); at most ${TAG_NAME_MAX_CHARS} characters after trimming` }),
  })
  .strict()
  .openapi("ApproveTagName");

export const MergeNameSchema = z
  .object({ into: z.string().uuid().openapi({ description: "Your tag that the name's messages get" }) })
  .strict()
  .openapi("MergeTagName");

export const NameReviewSchema = z
  .object({
    tagId: z.string().uuid().openapi({ description: "The tag made (approve) or used (merge)" }),
    messages: z.number().int().openapi({ description: "Messages that got the tag" }),
    actionId: z.string().uuid().nullable().openapi({ description: "The first keyword write to the server of this change; null when the tag stays local" }),
  })
  .openapi("TagNameReview");
