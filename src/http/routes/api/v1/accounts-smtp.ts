/**
 * The outgoing (SMTP) server of a mail account as JSON: read, set (tested
 * before it is saved) and test. The password is write-only.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { getSmtpSettings } from "../../../../mail/send/smtp-settings.ts";
import { testAndSaveSmtpSettings, testStoredSmtpSettings } from "../../../../mail/send/smtp-setup.ts";
import type { SmtpFailure } from "../../../../mail/send/transport.ts";
import { CANNOT_CONNECT, claimConnectionTestOrRefuse } from "../../../connection-tests.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { ownAccount, requestDataKey } from "../../../request.ts";
import { accountErrors, AccountIdParamSchema } from "./accounts-schemas.ts";
import { SmtpSettingsInputSchema, SmtpSettingsResponseSchema, smtpSettingsJson, SmtpTestResultSchema } from "./sends-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TAGS = ["Sending"];

/** Failures before a server answered: told apart only to administrators (src/http/connection-tests.ts). */
const CONNECTION_STAGE = new Set<SmtpFailure>(["unreachable", "timeout", "tls", "blocked"]);

/** The failure as the acting user may see it. */
export function visibleSmtpFailure(c: Context<AppEnv>, failure: { reason: SmtpFailure; message: string }): { reason: SmtpFailure; message: string } {
  return c.get("user")?.role === "admin" || !CONNECTION_STAGE.has(failure.reason) ? failure : { reason: "unreachable", message: CANNOT_CONNECT };
}

const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(c.req.header("content-type") ?? "")) throw new AppError("BAD_REQUEST", "send the body as application/json");
  await next();
};

const FAILURE_DESCRIPTION =
  "A failed test answers 400 whose message starts with the reason code and a colon: `unreachable`, `timeout`, `tls` (also: STARTTLS required but not offered), " +
  "`blocked` (the outbound policy refuses the server), `plaintext_not_allowed`, `auth`, `rejected` or `server`. Except for administrators, every way of not " +
  "getting a connection answers `unreachable: cannot connect to the server`.";

const get = createRoute({
  method: "get",
  path: "/api/v1/accounts/{accountId}/smtp",
  operationId: "getSmtpServer",
  security: API_SECURITY,
  tags: TAGS,
  summary: "The account's outgoing server (the password is never shown)",
  request: { params: AccountIdParamSchema },
  responses: { 200: { description: "The settings, or `configured: false`", content: { "application/json": { schema: SmtpSettingsResponseSchema } } }, ...accountErrors },
});

const put = createRoute({
  method: "put",
  path: "/api/v1/accounts/{accountId}/smtp",
  operationId: "setSmtpServer",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Sets the outgoing server: tested first, saved only when the server accepts the login",
  description: `Invalid fields answer 400 naming them; \`password_required\` and \`imap_login_other_host\` (the IMAP login only goes to the IMAP host) too. ${FAILURE_DESCRIPTION}`,
  middleware: [requireJsonBody] as const,
  request: { params: AccountIdParamSchema, body: { required: true, content: { "application/json": { schema: SmtpSettingsInputSchema } } } },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: SmtpSettingsResponseSchema } } },
    400: errorSpec("Invalid fields, or the connection test failed (the message starts with the reason code)"),
    ...accountErrors,
    429: errorSpec("More connection tests than allowed per minute; wait the seconds in `Retry-After`"),
  },
});

const test = createRoute({
  method: "post",
  path: "/api/v1/accounts/{accountId}/smtp/test",
  operationId: "testSmtpServer",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Tests the stored outgoing server: connect, TLS as configured, log in",
  description: FAILURE_DESCRIPTION,
  request: { params: AccountIdParamSchema },
  responses: {
    200: { description: "The server accepted the login", content: { "application/json": { schema: SmtpTestResultSchema } } },
    400: errorSpec("The test failed (the message starts with the reason code)"),
    ...accountErrors,
    409: errorSpec("No outgoing server is set up"),
    429: errorSpec("More connection tests than allowed per minute; wait the seconds in `Retry-After`"),
  },
});

export function registerAccountSmtpApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(get, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    const settings = await getSmtpSettings(sql, await requestDataKey(c, services), account.userId, account.id);
    if (settings === undefined) throw new AppError("NOT_FOUND", "no such mail account");
    return c.json(smtpSettingsJson(settings), 200);
  });

  app.openapi(put, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    await claimConnectionTestOrRefuse(c, services);
    const result = await testAndSaveSmtpSettings(sql, await requestDataKey(c, services), account.userId, account.id, c.req.valid("json"));
    if (!result.ok) {
      if ("message" in result) {
        const { reason, message } = visibleSmtpFailure(c, result);
        throw new AppError("BAD_REQUEST", `${reason}: ${message}`);
      }
      if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such mail account");
      if (result.reason === "invalid" && "invalid" in result) throw new AppError("BAD_REQUEST", `invalid fields: ${result.invalid.join(", ")}`);
      if (result.reason === "password_required") throw new AppError("BAD_REQUEST", "password_required: enter the password for these settings");
      throw new AppError("BAD_REQUEST", "imap_login_other_host: the IMAP login is only used for the IMAP server's host; give a user name and password");
    }
    c.get("log").info("smtp settings saved", { userId: account.userId, accountId: account.id });
    return c.json(smtpSettingsJson(result.settings), 200);
  });

  app.openapi(test, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    await claimConnectionTestOrRefuse(c, services);
    const result = await testStoredSmtpSettings(sql, await requestDataKey(c, services), account.userId, account.id);
    if (result.ok) return c.json({ ok: true as const }, 200);
    if ("message" in result) {
      const { reason, message } = visibleSmtpFailure(c, result);
      throw new AppError("BAD_REQUEST", `${reason}: ${message}`);
    }
    if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such mail account");
    throw new AppError("CONFLICT", "no outgoing server is set up for this account");
  });
}
