import { z } from "@hono/zod-openapi";
import { MAX_BULK_MESSAGES } from "../../../../search/limits.ts";

/** The bulk form's actions on the message list (src/http/routes/messages/list/bulk.ts), snooze with an instant instead of the menu's choices. */
export const BULK_ACTIONS = ["done", "undone", "read", "unread", "flag", "unflag", "move", "trash", "archive", "spam", "notspam", "snooze", "unsnooze", "tag", "untag"] as const;
export type BulkApiAction = (typeof BULK_ACTIONS)[number];

export const BulkActionRequestSchema = z
  .object({
    action: z.enum(BULK_ACTIONS),
    messageIds: z
      .array(z.string().uuid())
      .min(1)
      .max(MAX_BULK_MESSAGES)
      .openapi({ description: `1 to ${MAX_BULK_MESSAGES} message ids; ids that are not yours are skipped (counted in \`skipped\`).` }),
    folderId: z.string().uuid().optional().openapi({ description: "For move: the target folder (of each message's account)" }),
    tagId: z.string().uuid().optional().openapi({ description: "For tag and untag" }),
    until: z.string().datetime({ offset: true }).optional().openapi({ description: "For snooze: when the messages come back, in the future", example: "2026-12-08T08:00:00+01:00" }),
  })
  .openapi("BulkActionRequest", { example: { action: "archive", messageIds: ["0b6c9d1e-3f4a-4b5c-8d7e-9f0a1b2c3d4e"] } });
export type BulkActionRequest = z.infer<typeof BulkActionRequestSchema>;

export const BulkActionResultSchema = z
  .object({
    action: z.enum(BULK_ACTIONS),
    changed: z.number().int().openapi({ description: "Messages changed here, or queued for the server." }),
    skipped: z
      .number()
      .int()
      .openapi({ description: "Ids that named no message of yours, or (for server changes and tags) that had nothing to change: no copy left on the server, the tag already so." }),
    undoActionId: z.string().uuid().nullable().openapi({
      description:
        "The journal entry of the server changes: POST /api/v1/actions/{actionId}/undo puts the whole batch back. Null when nothing went to the server (done without archiving, undone, unsnooze): post the inverse action instead.",
    }),
  })
  .openapi("BulkActionResult");
export type BulkActionResultJson = z.infer<typeof BulkActionResultSchema>;

export const DoneResultSchema = z
  .object({
    done: z.boolean(),
    undoActionId: z
      .string()
      .uuid()
      .nullable()
      .openapi({ description: "When “done also archives” is on: the archive's journal entry (POST /api/v1/actions/{actionId}/undo moves it back; DELETE …/done reopens it)." }),
  })
  .openapi("DoneResult");
