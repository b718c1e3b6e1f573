import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { setMailAccountEnabled } from "../../../../mail/accounts/store.ts";
import { folderCounts } from "../../../../mail/folder-counts.ts";
import { requestSync } from "../../../../mail/sync/request.ts";
import { listFolders, setFolderSelected } from "../../../../mail/folders.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { ownAccount } from "../../../request.ts";
import { AccountIdParamSchema, accountJson, MailAccountSchema } from "./accounts-schemas.ts";
import { AccountEnabledSchema, FolderChangeSchema, FolderListSchema, FolderParamsSchema, folderWithCountsJson, FolderWithCountsSchema } from "./folders-schemas.ts";

const TAGS = ["Mail accounts"];

const list = createRoute({
  method: "get",
  path: "/api/v1/accounts/{accountId}/folders",
  operationId: "listFolders",
  security: API_SECURITY,
  tags: TAGS,
  summary: "The folders of a mail account with their role, sync choice and counts",
  request: { params: AccountIdParamSchema },
  responses: {
    200: { description: "The folders", content: { "application/json": { schema: FolderListSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such mail account of yours"),
  },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/accounts/{accountId}/folders/{folderId}",
  operationId: "updateFolder",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Includes a folder in sync or leaves it out (as the account page's folder switch)",
  description: "Takes effect from the next sync; leaving a folder out keeps the mail already stored.",
  request: { params: FolderParamsSchema, body: { required: true, content: { "application/json": { schema: FolderChangeSchema } } } },
  responses: {
    200: { description: "The folder as it is now", content: { "application/json": { schema: FolderWithCountsSchema } } },
    400: errorSpec("`selected` missing or not a boolean"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such mail account of yours, or no such folder in it"),
  },
});

const enable = createRoute({
  method: "put",
  path: "/api/v1/accounts/{accountId}/enabled",
  operationId: "setMailAccountEnabled",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Switches a whole mail account's sync on or off (as the account page's enable/disable)",
  description: "Switching it on also queues a sync to catch up on what arrived meanwhile, unless the server refused the password (change it first).",
  request: { params: AccountIdParamSchema, body: { required: true, content: { "application/json": { schema: AccountEnabledSchema } } } },
  responses: {
    200: { description: "The account as it is now", content: { "application/json": { schema: MailAccountSchema } } },
    400: errorSpec("`enabled` missing or not a boolean"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such mail account of yours"),
  },
});

export function registerFoldersApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    const [folders, counts] = await Promise.all([listFolders(services.sql, account.userId, account.id), folderCounts(services.sql, account.userId, account.id)]);
    return c.json({ folders: folders.map((folder) => folderWithCountsJson(folder, counts.get(folder.id))) }, 200);
  });

  app.openapi(update, async (c) => {
    const params = c.req.valid("param");
    const account = await ownAccount(c, services, params.accountId);
    const folder = await setFolderSelected(services.sql, account.userId, account.id, params.folderId, c.req.valid("json").selected);
    if (!folder) throw new AppError("NOT_FOUND", "no such folder in this mail account");
    const counts = await folderCounts(services.sql, account.userId, account.id);
    return c.json(folderWithCountsJson(folder, counts.get(folder.id)), 200);
  });

  app.openapi(enable, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    const { enabled } = c.req.valid("json");
    await setMailAccountEnabled(services.sql, account.userId, account.id, enabled);
    // As the page: catch up on what arrived while it was off (a refused password waits for an edit instead).
    if (enabled && account.status !== "auth_failed") await requestSync(services.sql, account, "all");
    return c.json(accountJson(await ownAccount(c, services, account.id)), 200);
  });
}
