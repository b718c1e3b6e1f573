import { z } from "@hono/zod-openapi";
import type { FolderCounts } from "../../../../mail/folder-counts.ts";
import type { Folder } from "../../../../mail/folders.ts";
import { folderJson, MailFolderSchema } from "./accounts-schemas.ts";

export const FolderParamsSchema = z.object({
  accountId: z.string().openapi({ param: { name: "accountId", in: "path" } }),
  folderId: z.string().openapi({ param: { name: "folderId", in: "path" } }),
});

export const FolderWithCountsSchema = MailFolderSchema.extend({
  localMessages: z.number().int().openapi({ description: "Messages with a copy here that this server has stored." }),
  unread: z.number().int().openapi({ description: "Of those, unread." }),
  keywordsRefused: z.boolean().openapi({ description: "The server refused to keep a keyword here: tags on its messages stay local." }),
}).openapi("FolderWithCounts");

export const FolderListSchema = z
  .object({ folders: z.array(FolderWithCountsSchema).openapi({ description: "INBOX first, then folders with a role, then by path; all of the account's folders in one answer." }) })
  .openapi("FolderList");
export type FolderListJson = z.infer<typeof FolderListSchema>;

export const FolderChangeSchema = z
  .object({
    selected: z
      .boolean()
      .openapi({ description: "Include the folder in sync (true) or leave it out (false); choosing it again also lifts a pause after repeated UIDVALIDITY changes.", example: false }),
  })
  .openapi("FolderChange");

export function folderWithCountsJson(folder: Folder, counts: FolderCounts | undefined): z.infer<typeof FolderWithCountsSchema> {
  return { ...folderJson(folder), localMessages: counts?.messages ?? 0, unread: counts?.unread ?? 0, keywordsRefused: folder.keywordsRefused };
}

export const AccountEnabledSchema = z
  .object({ enabled: z.boolean().openapi({ description: "Sync the account (true) or leave all of it alone (false); the stored mail stays.", example: false }) })
  .openapi("MailAccountEnabled");
