import { API_TOKEN_SCOPES, type ApiTokenScope } from "../../src/auth/api-token-scopes.ts";
import { API_TOKEN_EXPIRY_DAYS, API_TOKEN_NAME_MAX, DEFAULT_API_TOKEN_EXPIRY_DAYS, type ApiToken } from "../../src/auth/api-tokens.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Field, FormError, Notice, OneTimeLink } from "../components.tsx";
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export interface ApiTokensPageProps {
  page: PageContext;
  tokens: ApiToken[];
  /** The user may grant the admin scope. */
  isAdmin: boolean;
  strictKeyMode: boolean;
  /** Right after creation: the secret, shown this once. */
  created?: { name: string; secret: string };
  notice?: string;
  error?: string;
  /** What a refused form held, to fill it in again. */
  form?: { name?: string; scopes?: ApiTokenScope[]; expiry?: string };
}

function NewTokenForm({ page, isAdmin, error, form }: Pick<ApiTokensPageProps, "page" | "isAdmin" | "error" | "form">) {
  const tr = translator(page.lang);
  const scopes = API_TOKEN_SCOPES.filter((scope) => scope !== "admin" || isAdmin);
  const chosen = form?.scopes ?? ["read"];
  const expiry = form?.expiry ?? String(DEFAULT_API_TOKEN_EXPIRY_DAYS);
  return (
    <section class="card" aria-labelledby="new-token-title">
      <h2 id="new-token-title">{tr("apiTokens.newTitle")}</h2>
      <FormError message={error} />
      <form method="post" action="/account/api-tokens">
        <Field label={tr("apiTokens.name")} name="name" value={form?.name} required maxlength={API_TOKEN_NAME_MAX} hint={tr("apiTokens.nameHint")} />
        <fieldset>
          <legend>{tr("apiTokens.scopes")}</legend>
          {scopes.map((scope) => (
            <div>
              <input type="checkbox" id={`scope_${scope}`} name={`scope_${scope}`} value="on" checked={chosen.includes(scope)} />{" "}
              <label for={`scope_${scope}`}>
                <code>{scope}</code>: {tr(`apiTokens.scope.${scope}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="expiry">{tr("apiTokens.expiry")}</label>
          <select id="expiry" name="expiry">
            {API_TOKEN_EXPIRY_DAYS.map((days) => (
              <option value={String(days)} selected={expiry === String(days)}>
                {tr("apiTokens.expiryDays", { days: String(days) })}
              </option>
            ))}
            <option value="none" selected={expiry === "none"}>
              {tr("apiTokens.expiryNone")}
            </option>
          </select>
        </div>
        <button type="submit">{tr("apiTokens.create")}</button>
      </form>
    </section>
  );
}

/** The user's personal API tokens: create (the secret shown once), list, revoke. */
export function ApiTokensPage({ page, tokens, isAdmin, strictKeyMode, created, notice, error, form }: ApiTokensPageProps) {
  const tr = translator(page.lang);
  const now = new Date();
  const when = (date: Date | null, none: string) => (date ? formatDateTime(date, page.lang, page.timeZone) : none);
  return (
    <Layout page={page} title={tr("apiTokens.title")}>
      <h1>{tr("apiTokens.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      {created && <OneTimeLink label={`${tr("apiTokens.createdTitle", { name: created.name })}. ${tr("apiTokens.createdOnce")}`} url={created.secret} />}
      <p class="hint">{tr("apiTokens.intro")}</p>
      {strictKeyMode && <p class="hint">{tr("apiTokens.strictNote")}</p>}
      <NewTokenForm page={page} isAdmin={isAdmin} error={error} form={form} />
      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">{tr("apiTokens.listTitle")}</h2>
        <DataTable
          columns={[tr("apiTokens.name"), tr("apiTokens.prefix"), tr("apiTokens.scopes"), tr("apiTokens.created"), tr("apiTokens.lastUsed"), tr("apiTokens.expires"), ""]}
          rows={tokens}
          empty={tr("apiTokens.none")}
          row={(token) => (
            <tr id={`api-token-${token.id}`}>
              <td>{token.name}</td>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>{token.scopes.join(", ")}</td>
              <td>{when(token.createdAt, "")}</td>
              <td>{when(token.lastUsedAt, tr("apiTokens.never"))}</td>
              <td>{token.expiresAt && token.expiresAt <= now ? <strong>{tr("apiTokens.expired")}</strong> : when(token.expiresAt, tr("apiTokens.never"))}</td>
              <td>
                <form method="post" action={`/account/api-tokens/${token.id}/revoke`}>
                  <button type="submit" aria-label={`${tr("apiTokens.revoke")}: ${token.name}`}>
                    {tr("apiTokens.revoke")}
                  </button>
                </form>
              </td>
            </tr>
          )}
        />
      </section>
    </Layout>
  );
}
