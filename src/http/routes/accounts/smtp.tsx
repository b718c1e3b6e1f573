/**
 * The outgoing server form of the account page: save (tested first, like
 * the IMAP settings) and test the stored settings. Success goes back to the
 * account page with a notice; a refusal shows the page again with the
 * reason, everything typed except the password kept.
 */
import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { SMTP_FORM_FIELDS, type SmtpFormError, type SmtpFormValues } from "../../../../views/accounts/smtp-settings.tsx";
import { getSmtpSettings } from "../../../mail/send/smtp-settings.ts";
import { testAndSaveSmtpSettings, testStoredSmtpSettings } from "../../../mail/send/smtp-setup.ts";
import type { MailAccount } from "../../../mail/accounts/store.ts";
import { claimConnectionTestOrRefuse } from "../../connection-tests.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { ownAccount, requestDataKey } from "../../request.ts";
import { visibleSmtpFailure } from "../api/v1/accounts-smtp.ts";
import { renderAccountPage } from "./render.tsx";

/** The form's fields as the settings input (../../../mail/send/smtp-settings.ts). */
function settingsInput(form: Record<string, string | undefined>) {
  const port = form.smtpPort?.trim();
  return {
    host: form.smtpHost ?? "",
    port: port ? Number(port) : undefined,
    security: form.smtpSecurity || undefined,
    username: form.smtpUsername?.trim() || null,
    password: form.smtpPassword || null,
    tlsCa: form.smtpTlsCa?.trim() || null,
    fromAddress: form.smtpFromAddress ?? "",
    fromName: form.smtpFromName ?? "",
    sentByServer: form.smtpSentByServer === "on",
  };
}

const formName = (field: string) => `smtp${field.charAt(0).toUpperCase()}${field.slice(1)}`;

function typed(form: Record<string, string | undefined>): SmtpFormValues {
  const values: SmtpFormValues = {};
  for (const name of SMTP_FORM_FIELDS) if (name !== "smtpPassword" && form[name] !== undefined) values[name] = form[name];
  return values;
}

async function refuse(c: Context<AppEnv>, services: Services, account: MailAccount, error: SmtpFormError, values?: SmtpFormValues) {
  const settings = (await getSmtpSettings(services.sql, await requestDataKey(c, services), account.userId, account.id)) ?? null;
  return renderAccountPage(c, services, account, { smtp: { settings, values, error } }, 400);
}

export function registerAccountSmtp(app: Hono<AppEnv>, services: Services) {
  app.post("/accounts/:accountId/smtp", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const form = await readForm(c);
    await claimConnectionTestOrRefuse(c, services);
    const result = await testAndSaveSmtpSettings(services.sql, await requestDataKey(c, services), account.userId, account.id, settingsInput(form));
    if (result.ok) {
      c.get("log").info("smtp settings saved", { userId: account.userId, accountId: account.id });
      return c.redirect(`/accounts/${account.id}?smtp=saved#smtp`, 303);
    }
    if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such mail account");
    const error: SmtpFormError = "message" in result ? { reason: visibleSmtpFailure(c, result).reason } : "invalid" in result ? { invalid: result.invalid.map(formName) } : { reason: result.reason };
    return refuse(c, services, account, error, typed(form));
  });

  app.post("/accounts/:accountId/smtp/test", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    await claimConnectionTestOrRefuse(c, services);
    const result = await testStoredSmtpSettings(services.sql, await requestDataKey(c, services), account.userId, account.id);
    if (result.ok) return c.redirect(`/accounts/${account.id}?smtp=testOk#smtp`, 303);
    if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such mail account");
    if (result.reason === "no_smtp") throw new AppError("CONFLICT", "no outgoing server is set up for this account");
    return refuse(c, services, account, { reason: "message" in result ? visibleSmtpFailure(c, result).reason : "server" });
  });
}
