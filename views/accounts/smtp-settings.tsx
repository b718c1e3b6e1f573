/**
 * The outgoing server (SMTP) card of the account page: the settings form
 * (saved only after a successful connection test) and a "test connection"
 * button for the stored settings. The password is never written into the
 * page. Field names carry an `smtp` prefix: the IMAP form on the same page
 * has host, port and password fields of its own.
 */
import { translator } from "../../src/i18n/messages.ts";
import type { SmtpFailure } from "../../src/mail/send/transport.ts";
import { SMTP_SECURITIES, type SmtpSettingsView } from "../../src/mail/send/smtp-settings.ts";
import { Field, Notice } from "../components.tsx";
import type { PageContext } from "../page.ts";

export const SMTP_FORM_FIELDS = ["smtpHost", "smtpPort", "smtpSecurity", "smtpUsername", "smtpPassword", "smtpTlsCa", "smtpFromAddress", "smtpFromName", "smtpSentByServer"] as const;
export type SmtpFormField = (typeof SMTP_FORM_FIELDS)[number];
export type SmtpFormValues = Partial<Record<Exclude<SmtpFormField, "smtpPassword">, string>>;

export type SmtpFormError = { invalid: string[] } | { reason: SmtpFailure | "password_required" | "imap_login_other_host" };

export interface SmtpSettingsCardProps {
  page: PageContext;
  accountId: string;
  settings: SmtpSettingsView | null;
  values?: SmtpFormValues;
  error?: SmtpFormError;
  notice?: "saved" | "testOk";
}

export function smtpFormValues(settings: SmtpSettingsView | null): SmtpFormValues {
  if (!settings) return { smtpPort: "465", smtpSecurity: "tls" };
  return {
    smtpHost: settings.host,
    smtpPort: String(settings.port),
    smtpSecurity: settings.security,
    smtpUsername: settings.username ?? "",
    smtpTlsCa: settings.tlsCa ?? "",
    smtpFromAddress: settings.fromAddress,
    smtpFromName: settings.fromName,
    smtpSentByServer: settings.sentByServer ? "on" : "",
  };
}

function ErrorBox({ page, error }: { page: PageContext; error?: SmtpFormError }) {
  if (!error) return null;
  const tr = translator(page.lang);
  if ("invalid" in error) {
    return (
      <div class="form-error" role="alert" data-invalid={error.invalid.join(" ")}>
        {tr("smtp.invalid", { fields: error.invalid.join(", ") })}
      </div>
    );
  }
  return (
    <div class="form-error" role="alert" data-reason={error.reason}>
      <span class="reason">{tr(`smtp.reason.${error.reason}`)}</span>
    </div>
  );
}

export function SmtpSettingsCard({ page, accountId, settings, values, error, notice }: SmtpSettingsCardProps) {
  const tr = translator(page.lang);
  const shown = values ?? smtpFormValues(settings);
  const invalid = new Set(error && "invalid" in error ? error.invalid : []);
  const security = shown.smtpSecurity ?? "tls";
  return (
    <section class="card smtp-settings" aria-labelledby="smtp-title" id="smtp">
      <h2 id="smtp-title">{tr("smtp.title")}</h2>
      {notice && <Notice>{tr(notice === "saved" ? "smtp.saved" : "smtp.testOk")}</Notice>}
      {!settings && <p class="hint">{tr("smtp.notSet")}</p>}
      <p class="hint">{tr("smtp.intro")}</p>
      <form method="post" action={`/accounts/${accountId}/smtp`} class="account-form smtp-form">
        <ErrorBox page={page} error={error} />
        <Field label={tr("smtp.host")} name="smtpHost" value={shown.smtpHost} required maxlength={253} autocomplete="off" spellcheck={false} invalid={invalid.has("smtpHost")} />
        <Field label={tr("smtp.port")} name="smtpPort" type="number" value={shown.smtpPort} required min={1} max={65535} inputmode="numeric" invalid={invalid.has("smtpPort")} />
        <div class="field">
          <label for="smtpSecurity">{tr("smtp.security")}</label>
          <select id="smtpSecurity" name="smtpSecurity">
            {SMTP_SECURITIES.map((option) => (
              <option value={option} selected={option === security}>
                {tr(`smtp.security.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <Field label={tr("smtp.username")} name="smtpUsername" value={shown.smtpUsername} maxlength={320} autocomplete="off" spellcheck={false} invalid={invalid.has("smtpUsername")} />
        <Field
          label={tr("smtp.password")}
          name="smtpPassword"
          type="password"
          maxlength={1024}
          autocomplete="new-password"
          hint={settings?.hasPassword ? tr("smtp.passwordKeep") : undefined}
          invalid={invalid.has("smtpPassword")}
        />
        <Field
          label={tr("smtp.fromAddress")}
          name="smtpFromAddress"
          value={shown.smtpFromAddress}
          required
          maxlength={254}
          autocomplete="email"
          spellcheck={false}
          invalid={invalid.has("smtpFromAddress")}
        />
        <Field label={tr("smtp.fromName")} name="smtpFromName" value={shown.smtpFromName} maxlength={100} autocomplete="name" invalid={invalid.has("smtpFromName")} />
        <div class="field wide">
          <label for="smtpTlsCa">{tr("smtp.tlsCa")}</label>
          <textarea id="smtpTlsCa" name="smtpTlsCa" rows={4} spellcheck={false} aria-invalid={invalid.has("smtpTlsCa") ? "true" : undefined} placeholder="-----BEGIN CERTIFICATE-----">
            {shown.smtpTlsCa ?? ""}
          </textarea>
        </div>
        <div class="field wide">
          <label>
            <input type="checkbox" name="smtpSentByServer" value="on" checked={shown.smtpSentByServer === "on"} /> {tr("smtp.sentByServer")}
          </label>
        </div>
        <button type="submit">{tr("smtp.save")}</button>
      </form>
      {settings && (
        <form method="post" action={`/accounts/${accountId}/smtp/test`} class="inline-form">
          <button type="submit" class="secondary">
            {tr("smtp.test")}
          </button>
        </form>
      )}
    </section>
  );
}
