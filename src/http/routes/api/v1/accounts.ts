import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { deleteMailAccount, listMailAccounts } from "../../../../mail/accounts/store.ts";
import { listFolders } from "../../../../mail/folders.ts";
import { claimConnectionTestOrRefuse, visibleImapFailure } from "../../../connection-tests.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { toAccountInput } from "../../../../mail/accounts/input.ts";
import { linkMailAccount } from "../../../../mail/accounts/link.ts";
import { ownAccount, requestDataKey } from "../../../request.ts";
import {
  accountErrors,
  AccountIdParamSchema,
  accountJson,
  envelope,
  folderJson,
  MailAccountCreatedSchema,
  MailAccountDetailSchema,
  MailAccountListSchema,
  NewMailAccountSchema,
} from "./accounts-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TAGS = ["Mail accounts"];

/** The reason codes a failed connection test puts at the start of the error message. */
export const CONNECTION_FAILURE_MESSAGE = /^(unreachable|timeout|tls|auth|capability|server): /;

/**
 * zod-openapi refuses another media type with HTTP 415, for which the app's
 * closed set of error codes has no name (it would end up as INTERNAL): say
 * BAD_REQUEST before it gets there.
 */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(c.req.header("content-type") ?? "")) throw new AppError("BAD_REQUEST", "send the body as application/json");
  await next();
};

const list = createRoute({
  method: "get",
  path: "/api/v1/accounts",
  operationId: "listMailAccounts",
  security: API_SECURITY,
  tags: TAGS,
  summary: "The signed-in user's mail accounts",
  responses: { 200: { description: "Mail accounts, oldest first", content: { "application/json": { schema: MailAccountListSchema } } }, 401: accountErrors[401] },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/accounts",
  operationId: "createMailAccount",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Links a mailbox: tests the connection, then stores it with its folders and queues the first sync",
  description:
    "Nothing is stored unless the server accepts the connection and the login. A refused connection answers 400 `BAD_REQUEST` whose " +
    "message starts with the reason code and a colon: `unreachable`, `timeout`, `tls` (e.g. a self-signed certificate that is not pinned in `tlsCa`), " +
    "`auth` (user name or password refused), `capability` (not an IMAP4rev1 server) or `server`, followed by the technical detail, e.g. " +
    "`auth: the server refused the user name or password`. Invalid fields also answer 400, naming the fields. " +
    "Except for administrators, every way of not getting a connection (an address the outbound policy refuses, an unknown name, a closed port, " +
    "a time-out, a refused certificate) answers the same `unreachable: cannot connect to the server`.",
  middleware: [requireJsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: NewMailAccountSchema } } } },
  responses: {
    201: { description: "Linked; the first sync is queued", content: { "application/json": { schema: MailAccountCreatedSchema } } },
    400: envelope("Invalid fields, or the connection test failed (the message starts with the reason code)"),
    401: accountErrors[401],
    429: envelope("More connection tests than allowed per minute (`RATE_LIMITED`); wait the seconds in `Retry-After`"),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/accounts/{accountId}",
  operationId: "getMailAccount",
  security: API_SECURITY,
  tags: TAGS,
  summary: "One mail account with its folders",
  request: { params: AccountIdParamSchema },
  responses: { 200: { description: "The account", content: { "application/json": { schema: MailAccountDetailSchema } } }, ...accountErrors },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/accounts/{accountId}",
  operationId: "deleteMailAccount",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Removes a mail account and the local copy of its mail; the mail on the server is not touched",
  request: { params: AccountIdParamSchema },
  responses: { 204: { description: "Deleted" }, ...accountErrors },
});

export function registerAccountsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(list, async (c) => c.json({ accounts: (await listMailAccounts(sql, actingUser(c).id)).map(accountJson) }, 200));

  app.openapi(create, async (c) => {
    const user = actingUser(c);
    await claimConnectionTestOrRefuse(c, services);
    const result = await linkMailAccount(sql, await requestDataKey(c, services), user.id, toAccountInput(c.req.valid("json")));
    if (!result.ok) {
      const { reason, message } = visibleImapFailure(c, result);
      throw new AppError("BAD_REQUEST", `${reason}: ${message}`);
    }
    c.get("log").info("mail account linked", { userId: user.id, accountId: result.account.id });
    const folders = await listFolders(sql, user.id, result.account.id);
    c.header("Location", `/api/v1/accounts/${result.account.id}`);
    return c.json({ ...accountJson(result.account), folders: folders.map(folderJson), missingExtensions: result.missing }, 201);
  });

  app.openapi(get, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    const folders = await listFolders(sql, account.userId, account.id);
    return c.json({ ...accountJson(account), folders: folders.map(folderJson) }, 200);
  });

  app.openapi(remove, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    await deleteMailAccount(sql, account.userId, account.id);
    c.get("log").info("mail account deleted", { userId: account.userId, accountId: account.id });
    return c.body(null, 204);
  });
}
