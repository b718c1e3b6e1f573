/**
 * JSON: changing a mail account's connection settings, as the
 * /accounts/{id} page's form does: the changed settings are tested against
 * the server first (under the outbound policy and the connection-test rate
 * limit) and saved only if it lets us in. Fields left out keep their value;
 * the stored password is kept only while the server, port, security,
 * certificate and user name stay the same.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { IMAP_SECURITIES, NewMailAccountSchema } from "../../../../mail/accounts/input.ts";
import { relinkMailAccount, type AccountChanges } from "../../../../mail/accounts/link.ts";
import { accountConnection } from "../../../../mail/accounts/store.ts";
import { listFolders } from "../../../../mail/folders.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { claimConnectionTestOrRefuse, visibleImapFailure } from "../../../connection-tests.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { ownAccount, requestDataKey } from "../../../request.ts";
import { requireJsonBody } from "./accounts.ts";
import { accountErrors, AccountIdParamSchema, accountJson, envelope, folderJson, MailAccountCreatedSchema } from "./accounts-schemas.ts";

const shape = NewMailAccountSchema.shape;

export const MailAccountChangeSchema = z
  .object({
    label: shape.label.optional(),
    host: shape.host.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    security: z.enum(IMAP_SECURITIES).optional(),
    username: shape.username.optional(),
    password: shape.password.optional().openapi({ format: "password", description: "Left out: the stored one, allowed only while the destination stays the same" }),
    tlsCa: shape.tlsCa,
    syncSince: shape.syncSince,
    maxMessageBytes: shape.maxMessageBytes,
  })
  .openapi("MailAccountChange");
export type MailAccountChange = z.infer<typeof MailAccountChangeSchema>;

const patch = createRoute({
  method: "patch",
  path: "/api/v1/accounts/{accountId}",
  operationId: "updateMailAccount",
  security: API_SECURITY,
  tags: ["Mail accounts"],
  summary: "Changes a mail account's settings: tests the connection with them, then saves them",
  description:
    "Fields left out keep their value; `null` removes `tlsCa`, `syncSince` or `maxMessageBytes`. Nothing is saved unless the server accepts the connection " +
    "and the login; a refusal answers 400 `BAD_REQUEST` whose message starts with the reason code as for `createMailAccount`. Changing the host, port, " +
    "security, certificate or user name needs the password again (`password_required: …`): the stored one is never sent to a new destination.",
  middleware: [requireJsonBody] as const,
  request: { params: AccountIdParamSchema, body: { required: true, content: { "application/json": { schema: MailAccountChangeSchema } } } },
  responses: {
    200: { description: "Saved; a sync is queued", content: { "application/json": { schema: MailAccountCreatedSchema } } },
    400: envelope("Invalid fields, the password is needed, or the connection test failed (the message starts with the reason code)"),
    ...accountErrors,
    429: envelope("More connection tests than allowed per minute (`RATE_LIMITED`); wait the seconds in `Retry-After`"),
  },
});

export function registerAccountEditApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;
  app.openapi(patch, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    const user = actingUser(c);
    const dataKey = await requestDataKey(c, services);
    const stored = await accountConnection(sql, dataKey, user.id, account.id);
    if (!stored) throw new AppError("NOT_FOUND", "no such mail account");
    const body = c.req.valid("json");
    const changes: AccountChanges = {
      label: body.label ?? account.label,
      host: body.host ?? account.host,
      port: body.port ?? account.port,
      security: body.security ?? account.security,
      username: body.username ?? stored.username,
      // As toAccountInput: one line-break form keeps an unchanged certificate comparable.
      tlsCa: body.tlsCa === undefined ? account.tlsCa : body.tlsCa ? body.tlsCa.replace(/\r\n?/g, "\n") : null,
      syncSince: body.syncSince === undefined ? account.syncSince : body.syncSince ? new Date(`${body.syncSince}T00:00:00Z`) : null,
      maxMessageBytes: body.maxMessageBytes === undefined ? account.maxMessageBytes : body.maxMessageBytes,
      ...(body.password ? { password: body.password } : {}),
    };
    await claimConnectionTestOrRefuse(c, services);
    const result = await relinkMailAccount(sql, dataKey, user.id, account.id, changes);
    if (!result.ok) {
      if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such mail account");
      if (result.reason === "password_required") throw new AppError("BAD_REQUEST", "password_required: a changed server, port, security, certificate or user name needs the password");
      c.get("log").info("mail account connection test failed", { userId: user.id, accountId: account.id, reason: result.reason });
      const { reason, message } = visibleImapFailure(c, result);
      throw new AppError("BAD_REQUEST", `${reason}: ${message}`);
    }
    c.get("log").info("mail account settings changed", { userId: user.id, accountId: account.id });
    const folders = await listFolders(sql, user.id, account.id);
    return c.json({ ...accountJson(result.account), folders: folders.map(folderJson), missingExtensions: result.missing }, 200);
  });
}
