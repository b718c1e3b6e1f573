/**
 * The connection settings form, for adding a mailbox and for editing one.
 * The password is never written back into the page: after a refusal it is
 * typed again.
 */
import { translator } from "../../src/i18n/messages.ts";
import { IMAP_SECURITIES, type AccountFormValues, type FormField } from "../../src/mail/accounts/input.ts";
import type { ImapFailure } from "../../src/mail/imap/errors.ts";
import { Field } from "../components.tsx";
import type { PageContext } from "../page.ts";

/** Why the form was refused: fields that are wrong, or the connection test with the server's own words. */
export type AccountFormError = { invalid: FormField[] } | { reason: ImapFailure | "password_required"; message?: string };

interface InputProps {
  page: PageContext;
  name: Exclude<FormField, "security">;
  type?: "text" | "password" | "number" | "date";
  value?: string;
  invalid: boolean;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
  step?: string;
  maxlength?: number;
  inputmode?: "numeric" | "decimal";
}

/** A settings field: its label comes from the field's name; addresses and user names are not spell-checked. */
function Input({ page, name, ...field }: InputProps) {
  return <Field label={translator(page.lang)(`accounts.field.${name}`)} name={name} spellcheck={false} {...field} />;
}

function ErrorBox({ page, error }: { page: PageContext; error?: AccountFormError }) {
  if (!error) return null;
  const tr = translator(page.lang);
  if ("invalid" in error) {
    return (
      <div class="form-error" role="alert" data-invalid={error.invalid.join(" ")}>
        {tr("form.errorTitle")}
        <ul>
          {error.invalid.map((name) => (
            <li>{tr(`accounts.invalid.${name}`)}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div class="form-error" role="alert" data-reason={error.reason}>
      <span class="reason">{tr(`accounts.reason.${error.reason}`)}</span>
    </div>
  );
}

export interface AccountFormProps {
  page: PageContext;
  action: string;
  mode: "new" | "edit";
  values: AccountFormValues;
  error?: AccountFormError;
}

export function AccountForm({ page, action, mode, values, error }: AccountFormProps) {
  const tr = translator(page.lang);
  const invalid = new Set(error && "invalid" in error ? error.invalid : []);
  const security = values.security ?? "tls";
  const input = (name: InputProps["name"], extra: Partial<InputProps> = {}) => (
    <Input page={page} name={name} value={name === "password" ? undefined : values[name]} invalid={invalid.has(name)} {...extra} />
  );
  return (
    <form method="post" action={action} class="account-form">
      <ErrorBox page={page} error={error} />
      {input("label", { required: true, maxlength: 100, hint: tr("accounts.hint.label"), autocomplete: "off" })}
      {input("host", { required: true, maxlength: 253, hint: tr("accounts.hint.host"), autocomplete: "off" })}
      {input("port", { type: "number", required: true, min: 1, max: 65535, inputmode: "numeric", hint: tr("accounts.hint.port") })}
      <div class="field">
        <label for="security">{tr("accounts.field.security")}</label>
        <select id="security" name="security" aria-describedby="security-hint" aria-invalid={invalid.has("security") ? "true" : undefined}>
          {IMAP_SECURITIES.map((option) => (
            <option value={option} selected={option === security}>
              {tr(`accounts.security.${option}`)}
            </option>
          ))}
        </select>
        <small id="security-hint" class="hint warning-text">
          {tr("accounts.security.noneWarning")}
        </small>
      </div>
      {input("username", { required: true, maxlength: 320, autocomplete: "off", hint: tr("accounts.hint.username") })}
      {input("password", {
        type: "password",
        required: mode === "new",
        maxlength: 1024,
        autocomplete: "new-password",
        hint: mode === "edit" ? tr("accounts.hint.passwordKeep") : undefined,
      })}
      <fieldset class="optional">
        <legend>{tr("accounts.optional")}</legend>
        <div class="field wide">
          <label for="tlsCa">{tr("accounts.field.tlsCa")}</label>
          <textarea
            id="tlsCa"
            name="tlsCa"
            rows={6}
            spellcheck={false}
            aria-describedby="tlsCa-hint"
            aria-invalid={invalid.has("tlsCa") ? "true" : undefined}
            placeholder="-----BEGIN CERTIFICATE-----"
          >
            {values.tlsCa ?? ""}
          </textarea>
          <small id="tlsCa-hint" class="hint">
            {tr("accounts.hint.tlsCa")}
          </small>
        </div>
        {input("syncSince", { type: "date", hint: tr("accounts.hint.syncSince") })}
        {input("maxMessageMb", { type: "number", min: 0.001, step: "any", inputmode: "decimal", hint: tr("accounts.hint.maxMessageMb") })}
      </fieldset>
      <p class="hint">{tr(mode === "new" ? "accounts.testFirst" : "accounts.testOnSave")}</p>
      <button type="submit">{tr(mode === "new" ? "accounts.submit.new" : "accounts.submit.edit")}</button>
    </form>
  );
}

/** The form's values for an existing account (what it shows before any edit). */
export function accountFormValues(
  account: {
    label: string;
    host: string;
    port: number;
    security: string;
    tlsCa: string | null;
    syncSince: Date | null;
    maxMessageBytes: number | null;
  },
  username: string,
): AccountFormValues {
  return {
    label: account.label,
    host: account.host,
    port: String(account.port),
    security: account.security,
    username,
    tlsCa: account.tlsCa ?? "",
    syncSince: account.syncSince ? account.syncSince.toISOString().slice(0, 10) : "",
    maxMessageMb: account.maxMessageBytes ? String(Math.round((account.maxMessageBytes / (1024 * 1024)) * 1000) / 1000) : "",
  };
}
