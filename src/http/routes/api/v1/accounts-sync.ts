import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requestSync } from "../../../../mail/sync/request.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { ownAccount } from "../../../request.ts";
import { syncState } from "../../../../mail/sync/state.ts";
import { accountErrors, AccountIdParamSchema, envelope, syncStatusJson, SyncStatusSchema } from "./accounts-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TAGS = ["Mail accounts"];

const status = createRoute({
  method: "get",
  path: "/api/v1/accounts/{accountId}/sync",
  operationId: "getSyncStatus",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Sync progress of a mail account",
  description: "Poll while `active` is true.",
  request: { params: AccountIdParamSchema },
  responses: { 200: { description: "Whether a sync is queued, and the progress of the running or last one", content: { "application/json": { schema: SyncStatusSchema } } }, ...accountErrors },
});

const start = createRoute({
  method: "post",
  path: "/api/v1/accounts/{accountId}/sync",
  operationId: "startSync",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Queues a sync of all selected folders",
  description: "A request while one is already waiting replaces it rather than adding another.",
  request: { params: AccountIdParamSchema },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: SyncStatusSchema } } },
    ...accountErrors,
    409: envelope("The account is disabled, or its password was refused and must be changed first"),
  },
});

export function registerAccountSyncApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(status, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    return c.json(syncStatusJson(await syncState(services.sql, account)), 200);
  });

  app.openapi(start, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    if (!account.enabled) throw new AppError("CONFLICT", "the account is disabled; enable it first");
    if (account.status === "auth_failed") throw new AppError("CONFLICT", "the server refused the password; change it first");
    await requestSync(services.sql, account, "all");
    return c.json(syncStatusJson(await syncState(services.sql, account)), 202);
  });
}
